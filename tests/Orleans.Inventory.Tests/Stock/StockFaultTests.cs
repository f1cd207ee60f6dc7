using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.TestingHost;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>Storage and ledger failures: the caller sees an error, state is all-old or all-new, a retry applies once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StockFaultTests(InventoryClusterFixture fixture)
{
    private const string StockStateName = "stock";

    [Fact]
    public async Task AFailedStateWriteLeavesTheOldStateAndARetryAppliesTheBatchOnce()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 10, T0));
        var before = await grain.GetAsync();
        var batch = new[] { Removed(key, 3, T0.AddMinutes(1)), Added(key, 4, T0.AddMinutes(2)) };
        await fixture.Grains.GetGrain<IStorageFaultGrain>(StockStateName)
            .AddFaultOnWrite(grain.GetGrainId(), new IOException("injected storage write fault"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.ApplyAsync(batch));

        Assert.Contains("injected storage write fault", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await grain.GetAsync());
        Assert.Single((await grain.GetLedgerAsync(new LedgerQuery())).Entries);

        var retry = await grain.ApplyAsync(batch);
        var repeat = await grain.ApplyAsync(batch);

        Assert.All(retry, r => Assert.Equal(EventOutcome.Applied, r.Outcome));
        Assert.All(repeat, r => Assert.Equal(EventOutcome.Duplicate, r.Outcome));
        var after = await grain.GetAsync();
        Assert.Equal(11, after.AvailableQuantity);
        Assert.Equal(3, after.Version);
        var ledger = (await grain.GetLedgerAsync(new LedgerQuery())).Entries;
        Assert.Equal([1L, 2, 3, 4, 5], ledger.Select(e => e.Sequence));
        Assert.All(batch, e => Assert.Single(ledger, entry => entry.EventId == e.EventId && entry.Outcome == EventOutcome.Applied));
    }

    [Fact]
    public async Task AFailedStateReadFailsTheCallAndTheNextActivationServesTheStoredState()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 6, T0));
        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Grains.GetGrain<IStorageFaultGrain>(StockStateName)
            .AddFaultOnRead(grain.GetGrainId(), new IOException("injected storage read fault"));

        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync().AsTask());
        var record = await grain.GetAsync();

        Assert.Equal(6, record.AvailableQuantity);
    }

    [Fact]
    public async Task CommittedEntriesWaitInTheOutboxWhileTheLedgerIsDownAndArriveGapFreeAfterwards()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var ledger = fixture.SiloService<FlakyLedgerStore>();
        var first = Added(key, 5, T0);
        var second = Added(key, 2, T0.AddMinutes(1));
        ledger.TakeDown(key);

        var committed = await grain.ApplyOneAsync(first);
        // New work is refused while history is not safe, so the outbox stays bounded.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ApplyAsync([second]));
        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetLedgerAsync(new LedgerQuery()));
        await fixture.Cluster.DeactivateAsync(grain);
        ledger.BringUp(key);

        var retried = await grain.ApplyAsync([first, second]);
        var entries = (await grain.GetLedgerAsync(new LedgerQuery())).Entries;

        Assert.Equal(EventOutcome.Applied, committed.Outcome);
        Assert.Equal([EventOutcome.Duplicate, EventOutcome.Applied], retried.Select(r => r.Outcome));
        Assert.Equal(7, retried[^1].Stock.AvailableQuantity);
        Assert.Equal([1L, 2, 3], entries.Select(e => e.Sequence));
        Assert.Equal([EventOutcome.Applied, EventOutcome.Duplicate, EventOutcome.Applied], entries.Select(e => e.Outcome));
        Assert.Equal(await grain.GetAsync(), await LedgerReplay.ReplayAsync(key, entries, fixture.StockOptions.LatenessHorizon));
    }
}
