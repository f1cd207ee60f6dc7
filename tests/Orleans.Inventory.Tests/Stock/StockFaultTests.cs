using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>
/// Storage faults on the one write that commits state, ledger entries and dedupe records: the caller sees an error,
/// nothing of the failed write is visible, a retry applies once; group commit fails every caller of its write.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StockFaultTests(InventoryClusterFixture fixture)
{
    private FaultyInventoryTable TableOf(StockKey key) => fixture.StockTableOf(key);

    [Fact]
    public async Task AFailedCommitLeavesNothingVisibleAndARetryAppliesTheBatchOnce()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 10, T0));
        var before = await grain.GetAsync();
        var batch = new[] { Removed(key, 3, T0.AddMinutes(1)), Added(key, 4, T0.AddMinutes(2)) };
        TableOf(key).FailSubmits(key.ProductId);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.ApplyAsync(batch));
        TableOf(key).Heal(key.ProductId);

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
        Assert.Equal(after, await LedgerReplay.ReplayAsync(key, ledger, fixture.StockOptions.LatenessHorizon));
    }

    [Fact]
    public async Task AWriteThatLandsButAnswersWithATimeoutIsRecognisedOnRetry()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var added = Added(key, 5, T0);
        TableOf(key).FailSubmits(key.ProductId, FaultyInventoryTable.Fault.Ambiguous);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.ApplyAsync([added]));
        TableOf(key).Heal(key.ProductId);
        var retry = await grain.ApplyOneAsync(added);

        Assert.Equal(EventOutcome.Duplicate, retry.Outcome);
        Assert.Equal(5, (await grain.GetAsync()).AvailableQuantity);
        Assert.Equal([EventOutcome.Applied, EventOutcome.Duplicate], (await grain.GetLedgerAsync(new LedgerQuery())).Entries.Select(e => e.Outcome));
    }

    [Fact]
    public async Task AFailedStateReadFailsTheCallAndTheNextActivationServesTheStoredState()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 6, T0));
        await fixture.Cluster.DeactivateAsync(grain);
        TableOf(key).FailReads(key.ProductId);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync().AsTask());
        TableOf(key).Heal(key.ProductId);
        var record = await grain.GetAsync();

        Assert.Equal(6, record.AvailableQuantity);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneWriteAndAFailedWriteFailsEveryOneOfThemWithNoEffectVisible()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 100, T0));
        const int callers = 24;
        var reservations = Enumerable.Range(0, callers).Select(i => new ReservationRequest($"order-{i}", 1, 600)).ToList();
        TableOf(key).FailSubmits(key.ProductId);

        var attempts = reservations.Select(r => Record.ExceptionAsync(() => grain.ReserveAsync(r))).ToList();
        var errors = await Task.WhenAll(attempts);
        TableOf(key).Heal(key.ProductId);

        Assert.All(errors, Assert.NotNull);
        var unchanged = await grain.GetAsync();
        Assert.Equal(100, unchanged.AvailableQuantity);
        Assert.Equal(0, unchanged.ReservedQuantity);
        Assert.Single((await grain.GetLedgerAsync(new LedgerQuery())).Entries);

        // Storage as slow as a remote account, so the callers' decisions queue behind the write in flight.
        var table = TableOf(key);
        table.SubmitDelay = TimeSpan.FromMilliseconds(20);
        long writes;
        ReservationResult[] granted;
        try
        {
            var before = table.Transactions;
            granted = await Task.WhenAll(reservations.Select(grain.ReserveAsync));
            writes = table.Transactions - before;
        }
        finally
        {
            table.SubmitDelay = TimeSpan.Zero;
        }

        var again = await Task.WhenAll(reservations.Select(grain.ReserveAsync));

        Assert.All(granted, r => Assert.Equal(ReservationState.Active, r.State));
        Assert.All(again, r => Assert.Equal(ReservationState.Active, r.State));
        Assert.True(writes < callers, $"{callers} concurrent reservations took {writes} writes; group commit should share them");
        var after = await grain.GetAsync();
        Assert.Equal(callers, after.ReservedQuantity);
        Assert.Equal(100 - callers, after.AvailableQuantity);
        var ledger = (await grain.GetLedgerAsync(new LedgerQuery(Limit: LedgerQuery.MaxLimit))).Entries;
        Assert.Equal(1 + (2 * callers), ledger.Count);
        Assert.Equal(callers, ledger.Count(e => e.Outcome == EventOutcome.Applied && e.ReservedChange == 1));
    }

    [Fact]
    public async Task CommitsOfManyRecordsOfAShardShareTransactions()
    {
        var warehouse = await fixture.NewKeyAsync();
        var keys = Enumerable.Range(0, 60).Select(i => warehouse with { ProductId = $"{warehouse.ProductId}-{i}" }).ToList();

        foreach (var key in keys)
        {
            await fixture.Grains.Stock(key).GetAsync();
        }

        // Storage as slow as a remote account, so commits queue behind each other as they do under load.
        var tables = fixture.StockTables;
        tables.ToList().ForEach(table => table.SubmitDelay = TimeSpan.FromMilliseconds(50));
        long transactions;
        try
        {
            var before = tables.Sum(table => table.Transactions);
            await Task.WhenAll(keys.Select(key => fixture.Grains.Stock(key).ApplyAsync([Added(key, 1, T0)])));
            transactions = tables.Sum(table => table.Transactions) - before;
        }
        finally
        {
            tables.ToList().ForEach(table => table.SubmitDelay = TimeSpan.Zero);
        }

        Assert.True(transactions < keys.Count, $"{keys.Count} records' commits took {transactions} transactions");
        foreach (var key in keys)
        {
            Assert.Equal(1, (await fixture.Grains.Stock(key).GetAsync()).AvailableQuantity);
        }
    }
}
