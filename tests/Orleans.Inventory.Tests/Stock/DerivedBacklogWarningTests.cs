using Orleans.Inventory.Telemetry;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>Issue 11: a stock record whose derived work piles up past the configured threshold says so in the log.</summary>
[Collection(ShortReminderClusterCollection.Name)]
public sealed class DerivedBacklogWarningTests(ShortReminderClusterFixture fixture)
{
    private const int DerivedBacklog = 1008;

    [Fact]
    public async Task MoreDerivedEffectsWaitingThanTheThresholdIsAWarningNamingTheRecord()
    {
        // The warning is written at most once per WarningGate period for the silo: a record of another test may have
        // taken the slot, so a fresh record tries again once the period has passed.
        for (var attempt = 1; ; attempt++)
        {
            var key = await fixture.NewKeyAsync();

            // Twelve removals from an empty record in one call: twelve discrepancy notifications recorded before the
            // write that carries them lands (the threshold here is 8).
            await fixture.Grains.Stock(key).ApplyAsync([.. Enumerable.Range(1, 12).Select(i => Removed(key, 1, T0.AddSeconds(i)))]);

            var ours = fixture.Logs.Of(DerivedBacklog).FirstOrDefault(l => l.Message.Contains(key.ProductId, StringComparison.Ordinal));
            if (ours is not null)
            {
                Assert.Matches($@"^Stock {key.WarehouseId}/{key.ProductId}: (9|1[0-2]) derived effects wait \((9|1[0-2]) notifications, 0 transfer reports, 0 dead letters\), over the warning threshold 8", ours.Message);
                return;
            }

            Assert.True(attempt < 3, "no warning 1008 for three records over the threshold, each a gate period apart");
            await Task.Delay(WarningGate.Period);
        }
    }
}
