using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Warehouses;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The single writer of one product-at-warehouse stock record. Not reentrant: Orleans runs one call at a time, so
/// every decision sees the state the previous one left.
/// </summary>
/// <remarks>
/// Commit protocol (atomic on any grain storage, Azure Table included): each chunk of events is decided in memory,
/// and the new state is written together with the chunk's ledger entries and notifications in its outboxes
/// (<see cref="StockState.Outbox"/>, <see cref="StockState.PendingNotifications"/>) in one storage write; that write
/// is the commit of effect + ledger entry + dedupe record. Only then are the side effects carried out, each
/// idempotent (ledger append by sequence, dead letters by id, region snapshot by sequence, notifications by id,
/// transfer reports by transfer id), and the outboxes emptied. A crash between the two leaves the outboxes in state,
/// flushed on the next call or activation. A failed write restores the previous state and deactivates the grain so
/// the next call reloads what storage really holds.
/// </remarks>
internal sealed partial class StockGrain(
    [PersistentState("stock", StorageNames.Inventory)] IPersistentState<StockState> stock,
    ILedgerStore ledger,
    IOptions<StockOptions> stockOptions,
    IOptions<ReservationOptions> reservationOptions,
    IOptions<EventValidationOptions> validationOptions,
    DeepCopier<StockState> copier,
    [FromKeyedServices(InventoryClock.Key)] TimeProvider clock,
    InventoryMetrics metrics,
    ILogger<StockGrain> logger) : Grain, IStockGrain, IStockHistory, IRemindable
{
    private StockKey _key;
    private StockBook _book = null!;
    private (WarehouseInfo? Info, DateTimeOffset FetchedAt)? _warehouse;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = StockKey.FromGrainKey(this.GetPrimaryKeyString());
        _book = NewBook(stock.State);
        await TryFlushOutboxAsync();
        await TryFlushDerivedAsync();
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

        await ExpireDueReservationsAsync();
        return await DecideAndCommitAsync(events);
    }

    public async ValueTask<StockRecord> GetAsync()
    {
        await ExpireDueReservationsAsync();
        return _book.ToRecord(_key);
    }

    public async Task<LedgerPage> GetLedgerAsync(LedgerQuery query)
    {
        await FlushOutboxAsync();
        return await ledger.ReadAsync(_key, query);
    }

    private StockBook NewBook(StockState state) => new(state, stockOptions.Value, reservationOptions.Value);

    /// <summary>Decides and commits events chunk by chunk; each chunk is one storage write, all or nothing.</summary>
    private async Task<List<EventResult>> DecideAndCommitAsync(IReadOnlyList<InventoryEvent> events)
    {
        var results = new List<EventResult>(events.Count);
        foreach (var chunk in events.Chunk(stockOptions.Value.MaxEventsPerWrite))
        {
            // History must be safe in the ledger before new entries pile up behind it: this bounds the outbox.
            await FlushOutboxAsync();
            var warehouse = await GetWarehouseAsync();
            await CommitAsync(chunk, warehouse, results);
            await TryFlushOutboxAsync();
        }

        await TryFlushDerivedAsync();

        return results;
    }

    private async Task CommitAsync(InventoryEvent[] chunk, WarehouseInfo? warehouse, List<EventResult> results)
    {
        var before = copier.Copy(stock.State);
        var decided = new List<LedgerEntry>(chunk.Length);
        try
        {
            var now = clock.GetUtcNow();
            foreach (var e in chunk)
            {
                var discrepancyBefore = _book.Discrepancy;
                var entry = Refusal(e, now, warehouse) is { } refusal
                    ? _book.Reject(e, now, refusal)
                    : await _book.DecideAsync(e, now, this);
                stock.State.Outbox.Add(entry);
                decided.Add(entry);
                if (entry.Outcome == EventOutcome.Applied && entry.DiscrepancyAfter > discrepancyBefore)
                {
                    stock.State.PendingNotifications.Add(DiscrepancyNotice(entry, warehouse));
                }

                if (entry.EventType.IsTransfer() && entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded)
                {
                    stock.State.PendingTransferReports.Add(entry);
                }

                stock.State.RegionFeedPending |= entry.Outcome == EventOutcome.Applied;
                stock.State.StockChangePending |= entry.Outcome == EventOutcome.Applied;

                results.Add(new EventResult(e.EventId, entry.Outcome, entry.Why, entry.Sequence, _book.ToRecord(_key)));
            }

            await stock.WriteStateAsync();
        }
        catch (Exception exception)
        {
            stock.State = before;
            _book = NewBook(before);
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

    /// <summary>A rule the event breaks before the stock rules run: a value rule, or an unregistered warehouse.</summary>
    private EventRejection? Refusal(InventoryEvent e, DateTimeOffset now, WarehouseInfo? warehouse) =>
        EventRules.Check(e, now, validationOptions.Value)
        ?? (warehouse is null
            ? new EventRejection(RejectionCodes.UnknownWarehouse, "location",
                $"warehouse '{_key.WarehouseId}' is not registered; register it (PUT /api/warehouses/{_key.WarehouseId}) and replay the dead letter")
            : null);

    private Notification DiscrepancyNotice(LedgerEntry entry, WarehouseInfo? warehouse) => new(
        $"{NotificationType.StockDiscrepancy.ToWireName()}:{_key}#{entry.Sequence}", NotificationType.StockDiscrepancy, entry.RecordedAt,
        warehouse?.RegionId, _key.WarehouseId, _key.ProductId, null, entry.DiscrepancyAfter, null,
        $"{entry.EventType.ToWireName()} of {entry.Quantity} at {_key.WarehouseId} exceeded the stock record; {entry.DiscrepancyAfter} unit(s) unaccounted for",
        System.Diagnostics.Activity.Current?.Id);

    /// <summary>The warehouse as registered, cached briefly: registrations and region moves take effect within the cache time.</summary>
    private async Task<WarehouseInfo?> GetWarehouseAsync()
    {
        var now = clock.GetUtcNow();
        if (_warehouse is { } cached)
        {
            var ttl = cached.Info is null ? TimeSpan.FromSeconds(1) : stockOptions.Value.WarehouseCacheTtl;
            if (now - cached.FetchedAt < ttl)
            {
                return cached.Info;
            }
        }

        var info = await GrainFactory.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key).GetAsync(_key.WarehouseId);
        _warehouse = (info, now);
        return info;
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
        Message = "Stock {WarehouseId}/{ProductId}: appending {Count} committed entries to the ledger failed; retried before the next commit")]
    private partial void LogFlushFailed(string warehouseId, string productId, int count, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: telling region, transfers or subscribers failed; retried by reminder")]
    private partial void LogDerivedFlushFailed(string warehouseId, string productId, Exception exception);
}
