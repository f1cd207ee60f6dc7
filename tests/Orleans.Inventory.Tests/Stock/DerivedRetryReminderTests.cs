using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Core.Internal;
using Orleans.Runtime;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>
/// Hole 5 of issue 9: derived effects that still wait when a stock grain deactivates are carried out by the durable
/// retry reminder, and the reminder goes once nothing waits, even though the activation it wakes never registered it.
/// </summary>
[Collection(ShortReminderClusterCollection.Name)]
public sealed class DerivedRetryReminderTests(ShortReminderClusterFixture fixture)
{
    private const string RetryReminder = "derived-effects-retry";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARegionFeedThatFailedUntilDeactivationIsCarriedOutByTheReminderWhichThenUnregisters()
    {
        var region = $"retry-region-{Guid.NewGuid():N}"[..24];
        var key = await fixture.NewKeyAsync(region);
        var grain = fixture.Grains.Stock(key);
        var reminders = fixture.SiloService<IReminderTable>();
        fixture.RegionTable.FailSubmits(key.ProductId);
        try
        {
            await grain.ApplyOneAsync(Added(key, 5, T0));
            await Eventually.WaitForAsync(async () => await HasRetryReminderAsync(reminders, grain), found => found, Deadline,
                "the retry reminder registered while the region refuses the write");

            // The grain goes with its region feed still owed (the timer that retried it goes with it).
            await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, (await fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(key.ProductId)).OnHandQuantity);
        }
        finally
        {
            fixture.RegionTable.Heal(key.ProductId);
        }

        // Only the reminder can wake the grain now: nothing calls it.
        var total = await Eventually.WaitForAsync(() => fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(key.ProductId),
            stock => stock.OnHandQuantity == 5, Deadline, "the region total carried out by the reminder's activation");
        Assert.Equal(5, total.AvailableQuantity);
        await Eventually.WaitForAsync(async () => await HasRetryReminderAsync(reminders, grain), found => !found, Deadline,
            "the retry reminder unregistered once nothing waits");
    }

    private static async Task<bool> HasRetryReminderAsync(IReminderTable reminders, IStockGrain grain) =>
        (await reminders.ReadRows(grain.GetGrainId())).Reminders.Any(r => r.ReminderName == RetryReminder);
}
