using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Products;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The single writer of one product-at-warehouse stock record. Not reentrant: Orleans runs one call at a time, so
/// every decision sees the state the previous one left.
/// </summary>
/// <remarks>
/// Commit protocol (atomic on any grain storage, Azure Table included): each chunk of events is decided in memory,
/// and the new state is written together with the chunk's ledger entries in <see cref="StockState.Outbox"/> in one
/// storage write; that write is the commit of effect + ledger entry + dedupe record. Only then are the entries
/// appended to the ledger store (idempotently, by sequence) and the outbox emptied. A crash between the two leaves
/// the outbox in state, flushed on the next call or activation. A failed write restores the previous state and
/// deactivates the grain so the next call reloads what storage really holds.
/// </remarks>
internal sealed partial class StockGrain(
    [PersistentState("stock", StorageNames.Inventory)] IPersistentState<StockState> stock,
    ILedgerStore ledger,
    IOptions<StockOptions> stockOptions,
    IOptions<EventValidationOptions> validationOptions,
    DeepCopier<StockState> copier,
    TimeProvider clock,
    InventoryMetrics metrics,
    ILogger<StockGrain> logger) : Grain, IStockGrain, IStockHistory
{
    private StockKey _key;
    private StockBook _book = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = StockKey.FromGrainKey(this.GetPrimaryKeyString());
        _book = new StockBook(stock.State, stockOptions.Value);
        await TryFlushOutboxAsync();
    }

    public async Task<IReadOnlyList<EventResult>> ApplyAsync(IReadOnlyList<InventoryEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Key != _key)
            {
                throw new ArgumentException($"Event {e.EventId} is for {e.Key}, not for this grain ({_key}).", nameof(events));
            }
        }

        using var activity = InventoryTelemetry.ActivitySource.StartActivity("stock.apply");
        activity?.SetTag("inventory.warehouse_id", _key.WarehouseId);
        activity?.SetTag("inventory.product_id", _key.ProductId);
        activity?.SetTag("inventory.events", events.Count);

        var results = new List<EventResult>(events.Count);
        foreach (var chunk in events.Chunk(stockOptions.Value.MaxEventsPerWrite))
        {
            // History must be safe in the ledger before new entries pile up behind it: this bounds the outbox.
            await FlushOutboxAsync();
            await CommitAsync(chunk, results);
            await TryFlushOutboxAsync();
        }

        return results;
    }

    public ValueTask<StockRecord> GetAsync() => ValueTask.FromResult(_book.ToRecord(_key));

    public async Task<LedgerPage> GetLedgerAsync(LedgerQuery query)
    {
        await FlushOutboxAsync();
        return await ledger.ReadAsync(_key, query);
    }

    private async Task CommitAsync(InventoryEvent[] chunk, List<EventResult> results)
    {
        var before = copier.Copy(stock.State);
        var decided = new List<LedgerEntry>(chunk.Length);
        try
        {
            var now = clock.GetUtcNow();
            foreach (var e in chunk)
            {
                var entry = EventRules.Check(e, now, validationOptions.Value) is { } broken
                    ? _book.Reject(e, now, broken)
                    : await _book.DecideAsync(e, now, this);
                stock.State.Outbox.Add(entry);
                decided.Add(entry);
                results.Add(new EventResult(e.EventId, entry.Outcome, entry.Why, entry.Sequence, _book.ToRecord(_key)));
            }

            await stock.WriteStateAsync();
        }
        catch (Exception exception)
        {
            stock.State = before;
            _book = new StockBook(before, stockOptions.Value);
            results.RemoveRange(results.Count - decided.Count, decided.Count);
            LogCommitFailed(_key.WarehouseId, _key.ProductId, chunk.Length, exception);
            DeactivateOnIdle();
            throw;
        }

        foreach (var entry in decided)
        {
            Observe(entry);
        }
    }

    private void Observe(LedgerEntry entry)
    {
        metrics.EventDecided(entry.Outcome, entry.Why?.Code);
        switch (entry.Outcome)
        {
            case EventOutcome.Rejected:
                LogEventRejected(_key.WarehouseId, _key.ProductId, entry.EventId, entry.Why!.Reason);
                break;
            case EventOutcome.Applied when entry.DiscrepancyAfter > 0 && entry.QuantityChange < 0:
                metrics.DiscrepancyRecorded();
                LogDiscrepancy(_key.WarehouseId, _key.ProductId, entry.EventId, entry.DiscrepancyAfter);
                break;
        }
    }

    /// <summary>Moves committed entries to the ledger store, dead-letters rejections and registers the product.</summary>
    private async Task FlushOutboxAsync()
    {
        var outbox = stock.State.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        await ledger.AppendAsync(_key, outbox);
        var rejected = outbox.Where(entry => entry.Outcome == EventOutcome.Rejected).Select(ToDeadLetter).ToList();
        if (rejected.Count > 0)
        {
            await GrainFactory.AddDeadLettersAsync(rejected);
        }

        if (!stock.State.Indexed && outbox.Any(entry => entry.Outcome == EventOutcome.Applied))
        {
            await GrainFactory.GetGrain<IProductIndexGrain>(_key.ProductId).AddWarehouseAsync(_key.WarehouseId);
            stock.State.Indexed = true;
        }

        // The emptied outbox reaches storage with the next write; until then a re-flush is harmless.
        outbox.Clear();
    }

    private async Task TryFlushOutboxAsync()
    {
        try
        {
            await FlushOutboxAsync();
        }
        catch (Exception exception) when (exception is not LedgerConflictException)
        {
            metrics.LedgerFlushFailed();
            LogFlushFailed(_key.WarehouseId, _key.ProductId, stock.State.Outbox.Count, exception);
        }
    }

    private DeadLetter ToDeadLetter(LedgerEntry entry)
    {
        var sent = new InventoryEvent(entry.EventId, entry.EventType, _key.ProductId, _key.WarehouseId, entry.Quantity,
            entry.EventTime, entry.Source == "unknown" ? null : entry.Source, entry.Reference);
        var why = entry.Why!;
        return new DeadLetter($"ledger:{_key}#{entry.Sequence}", entry.RecordedAt, why.Code, why.Field, why.Reason,
            $"ledger {_key}#{entry.Sequence}", DeadLetter.CutPayload(InventoryEventJson.Serialize(sent)), entry.EventId,
            _key.ProductId, _key.WarehouseId);
    }

    async ValueTask<bool> IStockHistory.WasDecidedAsync(string eventId)
    {
        static bool Decided(LedgerEntry entry) => entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded;

        if (stock.State.Outbox.Any(entry => Decided(entry) && string.Equals(entry.EventId, eventId, StringComparison.Ordinal)))
        {
            return true;
        }

        var stored = await ledger.FindByEventIdAsync(_key, eventId);
        return stored.Any(Decided);
    }

    async ValueTask<long> IStockHistory.SumAppliedDeltasAsync(DateTimeOffset after, DateTimeOffset through)
    {
        static bool Counts(LedgerEntry entry, DateTimeOffset after, DateTimeOffset through) =>
            entry.Outcome == EventOutcome.Applied && !entry.EventType.IsCount() && entry.EventTime > after && entry.EventTime <= through;

        var sum = stock.State.Outbox.Where(entry => Counts(entry, after, through)).Sum(entry => entry.QuantityChange);
        var query = new LedgerQuery(From: after, To: through.AddTicks(1), Limit: LedgerQuery.MaxLimit);
        while (true)
        {
            var page = await ledger.ReadAsync(_key, query);
            sum += page.Entries.Where(entry => Counts(entry, after, through)).Sum(entry => entry.QuantityChange);
            if (page.NextAfter is not { } next)
            {
                return sum;
            }

            query = query with { After = next };
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: event {EventId} rejected: {Reason}")]
    private partial void LogEventRejected(string warehouseId, string productId, string eventId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: event {EventId} removed more than the record holds; discrepancy now {Discrepancy}")]
    private partial void LogDiscrepancy(string warehouseId, string productId, string eventId, long discrepancy);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error,
        Message = "Stock {WarehouseId}/{ProductId}: storage write of {Count} events failed; state restored, grain deactivating")]
    private partial void LogCommitFailed(string warehouseId, string productId, int count, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: ledger flush of {Count} committed entries failed; retried on the next call")]
    private partial void LogFlushFailed(string warehouseId, string productId, int count, Exception exception);
}
