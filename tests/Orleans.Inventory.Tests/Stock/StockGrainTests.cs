using Orleans.Inventory.Reservations;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Stock;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Products;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Serialization;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

[Collection(ClusterCollection.Name)]
public sealed class StockGrainTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task ThePairNeverSeenIsZeroStockAtVersionZero()
    {
        var key = await fixture.NewKeyAsync();

        var record = await fixture.Grains.Stock(key).GetAsync();

        Assert.Equal(StockRecord.Empty(key), record);
    }

    [Fact]
    public async Task TheSeedEventAfterTenAddedLeavesFiveAndARepeatIsADuplicateThatChangesNothing()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var seed = Removed(key, 5, T0, id: "seed-1");

        var added = await grain.ApplyOneAsync(Added(key, 10, T0.AddHours(-1)));
        var first = await grain.ApplyOneAsync(seed);
        var again = await grain.ApplyOneAsync(seed);

        Assert.Equal(EventOutcome.Applied, added.Outcome);
        Assert.Equal(EventOutcome.Applied, first.Outcome);
        Assert.Equal(5, first.Stock.AvailableQuantity);
        Assert.Equal(EventOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Stock, again.Stock);
        var ledger = await grain.GetLedgerAsync(new LedgerQuery());
        Assert.Equal([1L, 2, 3], ledger.Entries.Select(e => e.Sequence));
        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied, EventOutcome.Duplicate], ledger.Entries.Select(e => e.Outcome));
        Assert.Equal(-5, ledger.Entries[1].QuantityChange);
        Assert.Equal(5, ledger.Entries[2].AvailableAfter);
    }

    [Theory]
    [InlineData(InventoryEventType.ItemAdded, 7, 17)]
    [InlineData(InventoryEventType.ItemReturned, 7, 17)]
    [InlineData(InventoryEventType.ItemRemoved, 7, 3)]
    [InlineData(InventoryEventType.ItemDamaged, 7, 3)]
    [InlineData(InventoryEventType.StockCounted, 7, 7)]
    public async Task EachEventTypeMovesOnHandTheWayItsNameSays(InventoryEventType type, long quantity, long expected)
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 10, T0));

        var result = await grain.ApplyOneAsync(Make(key, type, quantity, T0.AddMinutes(1)));

        Assert.Equal(EventOutcome.Applied, result.Outcome);
        Assert.Equal(expected, result.Stock.AvailableQuantity);
        Assert.Equal(2, result.Stock.Version);
        Assert.Equal(T0.AddMinutes(1), result.Stock.LastUpdated);
    }

    [Fact]
    public async Task ACountSetsOnHandAsOfItsTimeAndKeepsLaterDeltasOnTop()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);

        await grain.ApplyAsync([Added(key, 10, T0), Removed(key, 2, T0.AddMinutes(10)), Added(key, 5, T0.AddMinutes(20))]);
        var count = await grain.ApplyOneAsync(Counted(key, 40, T0.AddMinutes(15)));

        // 40 counted at +15, plus the +5 at +20 that the count could not have seen.
        Assert.Equal(EventOutcome.Applied, count.Outcome);
        Assert.Equal(45, count.Stock.AvailableQuantity);
    }

    [Fact]
    public async Task ADeltaOlderThanTheNewestCountIsSupersededRecordedAndNotApplied()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Counted(key, 40, T0));

        var late = await grain.ApplyOneAsync(Removed(key, 3, T0.AddMinutes(-5)));
        var atTheCount = await grain.ApplyOneAsync(Removed(key, 3, T0));

        Assert.Equal(EventOutcome.Superseded, late.Outcome);
        Assert.Equal(RejectionCodes.Superseded, late.Why!.Code);
        Assert.Equal(EventOutcome.Superseded, atTheCount.Outcome);
        Assert.Equal(40, atTheCount.Stock.AvailableQuantity);
        var ledger = await grain.GetLedgerAsync(new LedgerQuery());
        Assert.Equal(EventOutcome.Superseded, ledger.Entries[^1].Outcome);
        Assert.Equal(0, ledger.Entries[^1].QuantityChange);
    }

    [Fact]
    public async Task AnOlderCountIsSupersededAndCountsAtTheSameTimeBreakTiesByEventId()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Counted(key, 40, T0, id: "count-b"));

        var older = await grain.ApplyOneAsync(Counted(key, 10, T0.AddMinutes(-1)));
        var sameTimeSmallerId = await grain.ApplyOneAsync(Counted(key, 11, T0, id: "count-a"));
        var sameTimeLargerId = await grain.ApplyOneAsync(Counted(key, 12, T0, id: "count-c"));

        Assert.Equal(EventOutcome.Superseded, older.Outcome);
        Assert.Equal(EventOutcome.Superseded, sameTimeSmallerId.Outcome);
        Assert.Equal(EventOutcome.Applied, sameTimeLargerId.Outcome);
        Assert.Equal(12, sameTimeLargerId.Stock.AvailableQuantity);
    }

    [Fact]
    public async Task ARemovalBeyondOnHandIsADiscrepancyNeverANegativeCounter()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 3, T0));

        var removal = await grain.ApplyOneAsync(Removed(key, 5, T0.AddMinutes(1)));
        var receipt = await grain.ApplyOneAsync(Added(key, 4, T0.AddMinutes(2)));

        Assert.Equal(EventOutcome.Applied, removal.Outcome);
        Assert.Equal(0, removal.Stock.AvailableQuantity);
        Assert.Equal(0, removal.Stock.OnHandQuantity);
        Assert.Equal(2, removal.Stock.DiscrepancyQuantity);
        // The books stay consistent whatever the order: the late receipt settles the shortfall first.
        Assert.Equal(2, receipt.Stock.AvailableQuantity);
        Assert.Equal(0, receipt.Stock.DiscrepancyQuantity);
        var ledger = await grain.GetLedgerAsync(new LedgerQuery());
        Assert.Equal(2, ledger.Entries[1].DiscrepancyAfter);
    }

    [Fact]
    public async Task AnEventBeyondTheLatenessHorizonIsRejectedAsTooLateAndDeadLettered()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var horizon = fixture.StockOptions.LatenessHorizon;
        await grain.ApplyOneAsync(Added(key, 10, T0));

        var tooLate = await grain.ApplyOneAsync(Added(key, 1, T0 - horizon - TimeSpan.FromSeconds(1)));
        var justInTime = await grain.ApplyOneAsync(Added(key, 1, T0 - horizon));

        Assert.Equal(EventOutcome.Rejected, tooLate.Outcome);
        Assert.Equal(RejectionCodes.TooLate, tooLate.Why!.Code);
        Assert.Equal("timestamp", tooLate.Why.Field);
        Assert.Equal(EventOutcome.Applied, justInTime.Outcome);
        Assert.Equal(11, justInTime.Stock.AvailableQuantity);
        var letters = await Eventually.WaitForAsync(() => fixture.Grains.GetDeadLettersAsync(DeadLetterShards.MaxQueryLimit),
            found => found.Items.Any(l => l.EventId == tooLate.EventId), what: "the dead letter (derived work, after the commit)");
        var letter = Assert.Single(letters.Items, l => l.EventId == tooLate.EventId);
        Assert.Equal(RejectionCodes.TooLate, letter.Code);
        Assert.Contains(key.ProductId, letter.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGrainRechecksEventsBuiltByAClientAndRejectsAFutureTimestamp()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);

        var result = await grain.ApplyOneAsync(Added(key, 1, DateTimeOffset.UtcNow.AddDays(2)));

        Assert.Equal(EventOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectionCodes.TimestampInFuture, result.Why!.Code);
        Assert.Equal(0, result.Stock.Version);
    }

    [Fact]
    public async Task AnEventForAnotherKeyIsRefusedAndChangesNothing()
    {
        var key = await fixture.NewKeyAsync();
        var other = FreshKey();

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Grains.Stock(key).ApplyAsync([Added(other, 1, T0)]));

        Assert.Equal(0, (await fixture.Grains.Stock(key).GetAsync()).Version);
    }

    [Fact]
    public async Task TheProductIndexListsEveryWarehouseThatAppliedAnEvent()
    {
        var product = $"P-{Guid.NewGuid():N}"[..20];
        var keys = new[] { new StockKey("wh-east", product), new StockKey("wh-west", product) };

        foreach (var key in keys)
        {
            await fixture.RegisterAsync(key);
            await fixture.Grains.Stock(key).ApplyOneAsync(Added(key, 2, T0));
        }

        // The index is derived work, carried out after the commit.
        var warehouses = await Eventually.WaitForAsync(
            () => fixture.Grains.GetGrain<IProductIndexGrain>(product).GetWarehousesAsync(), found => found.Count == 2, what: "both warehouses indexed");
        Assert.Equal(["wh-east", "wh-west"], warehouses);
    }

    [Fact]
    public async Task RedeliveryAfterEvictionFromStateIsStillADuplicateFoundInTheLedger()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var capacity = fixture.StockOptions.RecentEventCapacity;
        var first = Added(key, 1, T0);
        await grain.ApplyOneAsync(first);
        var later = Enumerable.Range(1, capacity + 5).Select(i => Added(key, 1, T0.AddSeconds(i))).ToList();
        await grain.ApplyAsync(later);

        var again = await grain.ApplyOneAsync(first);

        Assert.Equal(EventOutcome.Duplicate, again.Outcome);
        Assert.Equal(capacity + 6, again.Stock.AvailableQuantity);
    }

    [Fact]
    public void GrainStateFitsOneTableRowAtItsWorstCase()
    {
        // Everything the state can hold, each bound full at the largest value the options' validation accepts, every
        // string at its longest: recent events, closed reservations with 128-character ids, the newest count, and a
        // full list of derived work made of entries whose every text field is at the longest the rules accept. Active
        // reservations are rows of their own: holding them must not grow the state.
        const int MaxRecentEventCapacity = 2048, MaxClosedMemory = 1000;
        var reservations = fixture.SiloService<Microsoft.Extensions.Options.IOptions<ReservationOptions>>().Value;
        var text = fixture.SiloService<Microsoft.Extensions.Options.IOptions<EventValidationOptions>>().Value.MaxTextLength;
        string Id(int i, int length = IdRules.MaxLength) => $"{i:D6}".PadRight(length, 'x');
        var longEntry = new LedgerEntry(long.MaxValue, SystemEventIds.Reserve + Id(0), InventoryEventType.TransferShipped, long.MaxValue, long.MinValue,
            long.MaxValue, long.MaxValue, long.MaxValue, long.MaxValue, T0, T0, Id(1), new string('r', text), EventOutcome.Rejected,
            new EventRejection(new string('c', 64), new string('f', 64), new string('m', 1024)), long.MinValue, Id(2), T0,
            new string('a', CallerContext.MaxActorLength), CallerContext.Replay, new string('h', 64));
        var state = new StockState
        {
            Recent = [.. Enumerable.Range(0, MaxRecentEventCapacity).Select(i => new RecentEvent(UInt128.MaxValue, T0.AddSeconds(i), long.MaxValue))],
            ClosedReservations = [.. Enumerable.Range(0, MaxClosedMemory).Select(i => new ClosedReservation(Id(i), long.MaxValue, ReservationState.Committed, T0))],
            ActiveReservationCount = int.MaxValue,
            NewestCount = new CountMark(T0, Id(3)),
            LastRegionId = Id(4),
            LedgerHead = new string('h', 64),
            PendingTransferReports = [.. Enumerable.Range(0, StockGrain.MaxPendingDerived / 2).Select(i => longEntry with { Sequence = i })],
            PendingDeadLetters = [.. Enumerable.Range(0, StockGrain.MaxPendingDerived / 2).Select(i => longEntry with { Sequence = -i })],
        };

        var serializer = fixture.SiloService<Serializer>();
        var size = serializer.SerializeToArray(state).Length;
        state.Reservations = Enumerable.Range(0, reservations.MaxActivePerRecord)
            .ToDictionary(i => Id(i), i => new ActiveReservation(Id(i), long.MaxValue, T0, T0), StringComparer.Ordinal);

        Assert.True(size <= StockJournal.MaxStateBytes, $"worst-case stock state is {size} bytes; a table row holds {StockJournal.MaxStateBytes}");
        Assert.Equal(size, serializer.SerializeToArray(state).Length);
    }

    [Fact]
    public async Task TheLedgerIsQueryableBySequenceAndEventTimeRange()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([.. Enumerable.Range(0, 10).Select(i => Added(key, 1, T0.AddMinutes(i)))]);

        var window = await grain.GetLedgerAsync(new LedgerQuery(From: T0.AddMinutes(2), To: T0.AddMinutes(5)));
        var firstPage = await grain.GetLedgerAsync(new LedgerQuery(Limit: 4));
        var secondPage = await grain.GetLedgerAsync(new LedgerQuery(After: firstPage.NextAfter!.Value, Limit: 4));
        var decided = await fixture.SiloService<StockJournal>().WasDecidedAsync(key, window.Entries[0].EventId, window.Entries[0].EventTime, 1_000);

        Assert.Equal([3L, 4, 5], window.Entries.Select(e => e.Sequence));
        Assert.Null(window.NextAfter);
        Assert.Equal([1L, 2, 3, 4], firstPage.Entries.Select(e => e.Sequence));
        Assert.Equal([5L, 6, 7, 8], secondPage.Entries.Select(e => e.Sequence));
        Assert.True(decided);
    }
}
