using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Inventory.Grains;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// Grains on a fake business clock (<see cref="Clock"/>, moved by tests), a one-second expiry sweep, so expiry can be
/// driven quickly. Orleans' own clock stays real.
/// </summary>
public sealed class ReservationClusterFixture : InventoryClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Reservations:ExpirySweepPeriod"] = "00:00:01",
    };

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(InventoryClock.Key, Clock);
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
    }
}

[CollectionDefinition(Name)]
public sealed class ReservationClusterCollection : ICollectionFixture<ReservationClusterFixture>
{
    public const string Name = "reservation cluster";
}
