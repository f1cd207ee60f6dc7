using Azure.Data.Tables;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Stock;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Serialization;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>
/// The ledger as stored: one chunk row per commit, one event-time row per minute of a commit, and rows written before
/// chunks (one entry each) read alongside the new ones.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LedgerChunkTests(InventoryClusterFixture fixture)
{
    private StockJournal Journal => fixture.SiloService<StockJournal>();

    private IReadOnlyList<(string PartitionKey, string RowKey, TableTransactionActionType Type)> RowsOf(StockKey key, char kind) =>
        [.. fixture.StockTableOf(key).Actions(TableKeys.Escape(key.WarehouseId))
            .Where(row => row.RowKey.StartsWith($"{kind}|{TableKeys.Escape(key.ProductId)}|", StringComparison.Ordinal))];

    [Fact]
    public async Task ACommitOfFortyEventsOverTwoMinutesWritesOneLedgerChunkTwoTimeRowsAndNoEventIdRows()
    {
        var key = await fixture.NewKeyAsync();
        var events = Enumerable.Range(0, 40).Select(i => Added(key, 1, T0.AddSeconds(30 + (i * 2)))).ToArray();

        var results = await fixture.Grains.Stock(key).ApplyAsync(events);

        Assert.All(results, r => Assert.Equal(EventOutcome.Applied, r.Outcome));
        var chunk = Assert.Single(RowsOf(key, 'l'));
        Assert.EndsWith("|0000000000000000001", chunk.RowKey, StringComparison.Ordinal);
        // Seconds 30..108 after T0 (a whole minute): the first minute holds 15 events, the second 25.
        Assert.Equal(2, RowsOf(key, 't').Count);
        // Callers' event ids are found through the time rows of their minute, not by rows of their own.
        Assert.Empty(RowsOf(key, 'e'));
        var page = await Journal.ReadAsync(key, new LedgerQuery(Limit: LedgerQuery.MaxLimit), 1_000);
        Assert.Equal(events.Select(e => e.EventId), page.Entries.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), page.Entries.Select(e => e.Sequence));
        foreach (var e in events)
        {
            Assert.True(await Journal.WasDecidedAsync(key, e.EventId, e.Timestamp, 1_000));
        }

        Assert.False(await Journal.WasDecidedAsync(key, $"never-{key.ProductId}", events[0].Timestamp, 1_000));
    }

    [Fact]
    public async Task OnlyTheEndOfAReservationWritesAnEventIdRow()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([Added(key, 10, T0)]);
        var reservationId = $"order-{Guid.NewGuid():N}";

        var granted = await grain.ReserveAsync(new ReservationRequest(reservationId, 3, 300));
        var idRowsWhileActive = RowsOf(key, 'e').Count;
        var released = await grain.ReleaseReservationAsync(reservationId);

        Assert.Equal(ReservationState.Active, granted.State);
        Assert.Equal(ReservationState.Released, released.State);
        Assert.Equal(0, idRowsWhileActive);
        var row = Assert.Single(RowsOf(key, 'e'));
        Assert.EndsWith(TableKeys.Escape(SystemEventIds.Release + reservationId), row.RowKey, StringComparison.Ordinal);
        Assert.Equal(3, (await Journal.FindDecidedAsync(key, SystemEventIds.Release + reservationId))?.Quantity);
        foreach (var notIndexed in new[] { SystemEventIds.Reserve + reservationId, $"device-{key.ProductId}" })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => Journal.FindDecidedAsync(key, notIndexed));
            Assert.Contains("not one", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PagingBySequenceFromAnyPointCrossesChunkBoundaries()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        // Three commits: sequences 1-30, 31-80, 81-100.
        foreach (var (start, count) in new[] { (0, 30), (30, 50), (80, 20) })
        {
            await grain.ApplyAsync([.. Enumerable.Range(start, count).Select(i => Added(key, 1, T0.AddSeconds(i)))]);
        }

        Assert.Equal(3, RowsOf(key, 'l').Count);
        foreach (var after in new long[] { 0, 1, 29, 30, 31, 55, 79, 80, 81, 99, 100, 150 })
        {
            foreach (var limit in new[] { 1, 7, 50, 200 })
            {
                var page = await Journal.ReadAsync(key, new LedgerQuery(After: after, Limit: limit), 1_000);
                var expected = Enumerable.Range((int)after + 1, (int)Math.Clamp(100 - after, 0, limit)).Select(i => (long)i).ToArray();
                Assert.Equal(expected, page.Entries.Select(e => e.Sequence));
                Assert.Equal(after + limit < 100 ? after + limit : null, page.NextAfter);
            }
        }

        List<long> walked = [];
        for (LedgerPage? page = null; page is null || page.NextAfter is not null;)
        {
            page = await grain.GetLedgerAsync(new LedgerQuery(After: page?.NextAfter ?? 0, Limit: 13));
            walked.AddRange(page.Entries.Select(e => e.Sequence));
        }

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), walked);
    }

    [Fact]
    public async Task EventTimeRangesAcrossMinutesAndCommitsReturnExactlyTheEntriesInsideThem()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        // Every 17 s over about 7 minutes, in two commits whose minutes overlap; out of time order within a commit.
        var times = Enumerable.Range(0, 25).Select(i => T0.AddSeconds(5 + (i * 17))).ToArray();
        var events = times.Select(t => Added(key, 1, t)).ToArray();
        await grain.ApplyAsync([.. events[..12].Reverse()]);
        await grain.ApplyAsync([.. events[12..]]);
        var entries = (await Journal.ReadAsync(key, new LedgerQuery(Limit: LedgerQuery.MaxLimit), 1_000)).Entries;

        var ranges = new (DateTimeOffset? From, DateTimeOffset? To)[]
        {
            (T0.AddSeconds(40), T0.AddSeconds(200)),
            (T0.AddMinutes(1), T0.AddMinutes(3)),
            (times[3], times[3].AddTicks(1)),
            (times[11], times[13]),
            (null, T0.AddSeconds(100)),
            (T0.AddSeconds(300), null),
            (T0.AddHours(1), T0.AddHours(2)),
        };
        foreach (var (from, to) in ranges)
        {
            var expected = entries.Where(e => (from is null || e.EventTime >= from) && (to is null || e.EventTime < to)).Select(e => e.Sequence).Order().ToArray();
            var window = await Journal.ReadAsync(key, new LedgerQuery(From: from, To: to, Limit: LedgerQuery.MaxLimit), 1_000);
            Assert.Equal(expected, window.Entries.Select(e => e.Sequence));
            if (to is { } before)
            {
                var earlier = await Journal.ReadBeforeAsync(key, from, before, 1_000);
                Assert.Equal(expected, earlier.Select(e => e.Sequence).Order());
            }
        }

        var tooWide = await Assert.ThrowsAsync<ArgumentException>(() => Journal.ReadAsync(key, new LedgerQuery(From: T0, To: T0.AddHours(1)), 10));
        Assert.Contains("more than 10", tooWide.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsWrittenBeforeChunksAreReadWithTheChunksAfterThem()
    {
        var key = await fixture.NewKeyAsync();
        var partition = StockJournalKeys.Partition(key, fixture.StockOptions.ShardsPerWarehouse);
        var serializer = fixture.SiloService<Serializer<LedgerEntry>>();
        LedgerEntry Entry(long sequence, DateTimeOffset time) =>
            new(sequence, $"old-{key.ProductId}-{sequence}", InventoryEventType.ItemAdded, 1, 1, sequence, 0, sequence, 0, time, time, "test", null, EventOutcome.Applied, null);

        // Entries 1-3 as the journal wrote them before chunks: one row each, column E, an event-id row without Chunk.
        var old = new[] { Entry(1, T0), Entry(2, T0.AddSeconds(20)), Entry(3, T0.AddMinutes(2)) };
        List<TableTransactionAction> actions = [];
        foreach (var entry in old)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, StockJournalKeys.EntryRow(key, entry.Sequence)) { ["E"] = serializer.SerializeToArray(entry), ["Sequence"] = entry.Sequence }));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, $"t|{TableKeys.Escape(key.ProductId)}|{TableKeys.FormatTime(entry.EventTime)}|{entry.Sequence:D19}") { ["E"] = serializer.SerializeToArray(entry), ["Sequence"] = entry.Sequence }));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, StockJournalKeys.EventIdRow(key, entry.EventId)) { ["Sequence"] = entry.Sequence, ["Outcome"] = (int)entry.Outcome }));
        }

        await fixture.StockTableOf(key).SubmitAsync(actions);
        // Entries 4-6 as the journal writes them now, one chunk.
        var state = new StockState { OnHand = 6, Version = 6 };
        var fresh = new[] { Entry(4, T0.AddSeconds(30)), Entry(5, T0.AddMinutes(2).AddSeconds(1)), Entry(6, T0.AddMinutes(3)) };
        await Journal.CommitAsync(key, Journal.Serialize(state), fresh, []);

        var all = await Journal.ReadAsync(key, new LedgerQuery(Limit: LedgerQuery.MaxLimit), 1_000);
        var fromTwo = await Journal.ReadAsync(key, new LedgerQuery(After: 2, Limit: 2), 1_000);
        var window = await Journal.ReadAsync(key, new LedgerQuery(From: T0.AddSeconds(10), To: T0.AddMinutes(2).AddSeconds(1)), 1_000);

        Assert.Equal([1L, 2, 3, 4, 5, 6], all.Entries.Select(e => e.Sequence));
        Assert.Equal(old.Concat(fresh).Select(e => e.EventId), all.Entries.Select(e => e.EventId));
        Assert.Equal([3L, 4], fromTwo.Entries.Select(e => e.Sequence));
        Assert.Equal(4, fromTwo.NextAfter);
        Assert.Equal([2L, 3, 4], window.Entries.Select(e => e.Sequence));
        foreach (var entry in old.Concat(fresh))
        {
            Assert.True(await Journal.WasDecidedAsync(key, entry.EventId, entry.EventTime, 1_000));
        }
    }

    [Fact]
    public async Task AMissingEntryInTheMiddleOfTheLedgerIsReportedNotSkipped()
    {
        var key = await fixture.NewKeyAsync();
        LedgerEntry Entry(long sequence) =>
            new(sequence, $"gap-{key.ProductId}-{sequence}", InventoryEventType.ItemAdded, 1, 1, sequence, 0, sequence, 0, T0, T0, "test", null, EventOutcome.Applied, null);
        var state = Journal.Serialize(new StockState { OnHand = 2, Version = 2 });
        await Journal.CommitAsync(key, state, [Entry(1), Entry(2)], []);
        await Journal.CommitAsync(key, state, [Entry(4)], []);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Journal.ReadAsync(key, new LedgerQuery(Limit: 10), 1_000));
        Assert.Contains("entry 4 where 3 should be", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], (await Journal.ReadAsync(key, new LedgerQuery(Limit: 1), 1_000)).Entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task TwoActivationsContinuingFromTheSameStateCannotBothCommit()
    {
        var key = await fixture.NewKeyAsync();
        LedgerEntry Entry(long sequence, string eventId, long available) =>
            new(sequence, eventId, InventoryEventType.ItemAdded, available, available, available, 0, available, 0, T0, T0, "test", null, EventOutcome.Applied, null);
        await Journal.CommitAsync(key, Journal.Serialize(new StockState { OnHand = 1, Version = 1 }), [Entry(1, $"a-{key.ProductId}", 1)], []);

        // Both continue from version 1 and decide different events as sequence 2: the second collides on chunk 2.
        await Journal.CommitAsync(key, Journal.Serialize(new StockState { OnHand = 3, Version = 2 }), [Entry(2, $"b-{key.ProductId}", 2)], []);
        var second = await Assert.ThrowsAsync<TableActionFailedException>(() =>
            Journal.CommitAsync(key, Journal.Serialize(new StockState { OnHand = 8, Version = 2 }), [Entry(2, $"c-{key.ProductId}", 7)], []));

        Assert.Contains(StockJournalKeys.EntryRow(key, 2), second.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await Journal.LoadAsync(key))?.OnHand);
        Assert.Equal([$"a-{key.ProductId}", $"b-{key.ProductId}"], (await Journal.ReadAsync(key, new LedgerQuery(Limit: 10), 1_000)).Entries.Select(e => e.EventId));
        Assert.False(await Journal.WasDecidedAsync(key, $"c-{key.ProductId}", T0, 1_000));
    }
}
