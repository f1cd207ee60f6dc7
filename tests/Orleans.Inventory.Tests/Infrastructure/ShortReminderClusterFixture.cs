using Orleans.Hosting;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Reminders may tick every second (the production minimum is a minute), so expected arrivals pass quickly.</summary>
public sealed class ShortReminderClusterFixture : InventoryClusterFixture
{
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ReminderPeriod);
}

[CollectionDefinition(Name)]
public sealed class ShortReminderClusterCollection : ICollectionFixture<ShortReminderClusterFixture>
{
    public const string Name = "short-reminder cluster";
}
