using Orleans.Hosting;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Reminders may tick every second (the production minimum is a minute), so expected arrivals and derived-effect retries pass quickly.</summary>
public sealed class ShortReminderClusterFixture : InventoryClusterFixture
{
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Stock grains' derived-effects retry reminder ticks every second too; they warn when more than 8 effects wait.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Stock:DerivedRetryPeriod"] = "00:00:01",
        ["Inventory:Stock:DerivedBacklogWarning"] = "8",
    };

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ReminderPeriod);
}

[CollectionDefinition(Name)]
public sealed class ShortReminderClusterCollection : ICollectionFixture<ShortReminderClusterFixture>
{
    public const string Name = "short-reminder cluster";
}
