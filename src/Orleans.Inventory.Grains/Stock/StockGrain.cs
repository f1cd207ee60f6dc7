using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Telemetry;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The single writer of one product-at-warehouse stock record: decides in memory, commits once, answers, then
/// projects.
/// </summary>
/// <remarks>
/// <para>Reentrant with one writer discipline: every decision runs under <c>_gate</c>, one at a time and in arrival
/// order, against the state the previous decision left; nothing else changes the state outside the gate except the
/// write loop's bookkeeping, which never awaits in between. Decisions go into the open <see cref="PendingWrite"/>.
/// The write loop seals it (captures the state, under the gate) and commits it in ONE atomic write with its ledger
/// entries and dedupe records (<see cref="StockJournal"/>, itself packed with other records' commits of the shard);
/// whatever arrives meanwhile is decided into the next one (group commit). Callers get their answers when the write
/// that holds their decisions lands; reads answer what is committed.</para>
/// <para>A failed write fails its callers and every decision made on top of it (none of it is visible: reads only
/// see committed state), and the grain deactivates, so the next call reloads what storage really holds (a timeout
/// may have landed; then the retry is a duplicate). Derived effects (region, live feed, notifications, transfer
/// reports, dead letters, the product index) are committed with the change and carried out afterwards, never in a
/// caller's path (StockGrain.Derived.cs).</para>
/// </remarks>
[Reentrant]
internal sealed partial class StockGrain(
    StockJournal journal,
    IOptions<StockOptions> stockOptions,
    IOptions<ReservationOptions> reservationOptions,
    IOptions<EventValidationOptions> validationOptions,
    [FromKeyedServices(InventoryClock.Key)] TimeProvider clock,
    InventoryMetrics metrics,
    WarningGate warnings,
    Regions.RegionFeed regionFeed,
    SystemCaller systemCaller,
    ILogger<StockGrain> logger) : Grain, IStockGrain, IStockHistory, IRemindable
{
    /// <summary>Sealed writes waiting behind the one in flight before new decisions wait for room (backpressure).</summary>
    private const int MaxSealedWrites = 2;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<PendingWrite> _sealed = new();
    private PendingWrite _open = new();
    private Task? _writing;
    private Exception? _broken;
    private StockKey _key;
    private StockState _state = new();
    private StockBook _book = null!;
    private StockRecord _committed = null!;
    private long _committedSequence;
    private string? _committedHead;
    private long _committedChange;
    private (WarehouseInfo? Info, DateTimeOffset FetchedAt)? _warehouse;

    private int MaxEntriesPerWrite => Math.Min(stockOptions.Value.MaxEventsPerWrite, StockJournal.MaxEntriesPerCommit);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = StockKey.FromGrainKey(this.GetPrimaryKeyString());
        _state = await journal.LoadAsync(_key) ?? new StockState();
        _book = NewBook(_state);
        _committed = _book.ToRecord(_key);
        _committedSequence = _state.LastSequence;
        _committedHead = _state.LedgerHead;
        _committedChange = _state.ChangeSequence;
        if (HasDerivedWork())
        {
            KickDerived();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SettleAsync(cancellationToken);
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
        return await DecideAndCommitAsync(events, fromCaller: true);
    }

    /// <summary>The committed record; reservations overdue by this grain's clock are released first (a rare write).</summary>
    public async ValueTask<StockRecord> GetAsync()
    {
        await ExpireDueAsync();
        return _committed;
    }

    private async Task ExpireDueAsync()
    {
        if (_book.DueExpiries(_key, clock.GetUtcNow()).Count > 0)
        {
            await DecideAndCommitAsync([], fromCaller: false);
        }
    }

    public async Task<LedgerPage> GetLedgerAsync(LedgerQuery query) =>
        await journal.ReadAsync(_key, query, stockOptions.Value.MaxLedgerScan);

    /// <summary>
    /// Reads the ledger page by page (without the decision gate) and checks its hash chain; when the check reaches the
    /// sequence committed when it began, that entry's link must be the head the committed state holds, so entries cut
    /// off the end are found too.
    /// </summary>
    public async Task<LedgerVerification> VerifyLedgerAsync(long after = 0, string? previousHash = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        if (after > 0 && previousHash is null)
        {
            throw new ArgumentException("Continuing a check after an entry needs the hash that check answered as its head.", nameof(previousHash));
        }

        var (headSequence, head) = (_committedSequence, _committedHead);
        var limit = stockOptions.Value.MaxLedgerVerify;
        var previous = previousHash;
        long checkedCount = 0, unchained = 0, through = after;
        while (true)
        {
            LedgerPage page;
            try
            {
                page = await journal.ReadAsync(_key, new LedgerQuery(After: through, Limit: (int)Math.Min(LedgerQuery.MaxLimit, limit - checkedCount)), stockOptions.Value.MaxLedgerScan);
            }
            catch (InvalidDataException exception)
            {
                return new LedgerVerification(false, checkedCount, through, unchained, through + 1, exception.Message, previous, null);
            }

            var (newHead, pageUnchained, brokenAt, problem) = LedgerChain.Check(previous, _key, page.Entries);
            unchained += pageUnchained;
            if (brokenAt is { } broken)
            {
                return new LedgerVerification(false, checkedCount + (broken - through), broken - 1, unchained, broken, problem, newHead, null);
            }

            previous = newHead;
            checkedCount += page.Entries.Count;
            through = page.Entries.Count > 0 ? page.Entries[^1].Sequence : through;
            if (page.Entries.Count > 0 && page.Entries[0].Sequence <= headSequence && through >= headSequence && head is not null
                && page.Entries.First(entry => entry.Sequence == headSequence).Hash != head)
            {
                return new LedgerVerification(false, checkedCount, through, unchained, headSequence,
                    $"entry {headSequence} is not the head the record's state holds: the ledger was rewritten", previous, null);
            }

            if (page.NextAfter is null)
            {
                if (through < headSequence)
                {
                    return new LedgerVerification(false, checkedCount, through, unchained, through + 1,
                        $"the ledger ends at {through}; the record committed {headSequence}: entries were removed from its end", previous, null);
                }

                return new LedgerVerification(true, checkedCount, through, unchained, null, null, previous, null);
            }

            // A page that says more follows ends at the entry it was cut after: the next part starts after `through`.
            if (checkedCount >= limit)
            {
                return new LedgerVerification(true, checkedCount, through, unchained, null, null, previous, through);
            }
        }
    }

    private StockBook NewBook(StockState state) => new(state, stockOptions.Value, reservationOptions.Value);

    /// <summary>
    /// Decides the events (due expiries first) in order, chunk by chunk, into the open write, and waits for the writes
    /// that hold them. Each write is all or nothing; a failure throws and none of the failed write's decisions happened.
    /// </summary>
    /// <param name="fromCaller">The events came from outside (ApplyAsync): ids in the system's space are refused.</param>
    /// <param name="decided">Called under the gate right after each event is decided, to read the state it left.</param>
    private async Task<List<EventResult>> DecideAndCommitAsync(IReadOnlyList<InventoryEvent> events, bool fromCaller, Action<EventResult>? decided = null)
    {
        var results = new List<EventResult>(events.Count);
        var writes = new List<Task>();
        var caller = CallerContext.Current();
        // At least one pass, so a call with no events still releases due reservations (the expiry reminder's).
        IEnumerable<InventoryEvent[]> chunks = events.Count == 0 ? [[]] : events.Chunk(MaxEntriesPerWrite);
        foreach (var chunk in chunks)
        {
            await EnterWithRoomAsync();
            try
            {
                var warehouse = await GetWarehouseAsync();
                var now = clock.GetUtcNow();
                foreach (var due in _book.DueExpiries(_key, now))
                {
                    await DecideOneAsync(due, now, warehouse, fromCaller: false, writes, (ExpiryActor, CallerContext.System));
                }

                foreach (var e in chunk)
                {
                    var result = await DecideOneAsync(e, now, warehouse, fromCaller, writes, caller);
                    decided?.Invoke(result);
                    results.Add(result);
                }

                _writing ??= WriteLoopAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        await Task.WhenAll(writes.Distinct());
        return results;
    }

    /// <summary>Decides one event into the open write (sealing it first when it is full); under the gate.</summary>
    /// <param name="caller">Who the entry is recorded for (<see cref="CallerContext"/>); a stream event's actor is its device.</param>
    private async Task<EventResult> DecideOneAsync(InventoryEvent e, DateTimeOffset now, WarehouseInfo? warehouse, bool fromCaller, List<Task> writes, (string Actor, string Channel) caller)
    {
        ThrowIfBroken();
        if (_open.Entries.Count >= MaxEntriesPerWrite
            || _open.Rows.Count + _book.PendingReservationRows + StockJournal.MaxRowsPerEntry > StockJournal.MaxRowsPerCommit)
        {
            SealOpen();
        }

        var discrepancyBefore = _book.Discrepancy;
        var entry = Refusal(e, now, warehouse, fromCaller) is { } refusal
            ? _book.Reject(e, now, refusal)
            : await _book.DecideAsync(e, now, this);
        ThrowIfBroken();
        entry = Chain(entry, caller);
        _open.Entries.Add(entry);
        if (System.Diagnostics.Activity.Current is { } activity)
        {
            _open.Callers.Add(activity.Context);
        }

        _open.Rows.Add(entry);
        if (!writes.Contains(_open.Done.Task))
        {
            writes.Add(_open.Done.Task);
        }

        RecordDerivedWork(entry, discrepancyBefore, warehouse);
        return new EventResult(e.EventId, entry.Outcome, entry.Why, entry.Sequence, _book.ToRecord(_key));
    }

    /// <summary>System-made entries (reservation expiries) are recorded for this actor.</summary>
    private const string ExpiryActor = "system:expiry";

    /// <summary>Stamps who caused the entry and links it to the ledger's hash chain (under the gate, in sequence order).</summary>
    private LedgerEntry Chain(LedgerEntry entry, (string Actor, string Channel) caller)
    {
        var actor = caller.Channel == CallerContext.Stream ? $"device:{entry.Source}" : caller.Actor;
        var stamped = entry with { Actor = actor, Channel = caller.Channel };
        stamped = stamped with { Hash = LedgerChain.Link(_state.LedgerHead ?? LedgerChain.Genesis(_key), stamped) };
        _state.LedgerHead = stamped.Hash;
        return stamped;
    }

    /// <summary>
    /// Takes the gate once fewer than <see cref="MaxSealedWrites"/> writes wait (backpressure). The wait happens
    /// outside the gate: the write loop may need the gate to seal, and must never wait on a decider that waits on it.
    /// </summary>
    private async Task EnterWithRoomAsync()
    {
        while (true)
        {
            ThrowIfBroken();
            if (_sealed.Count >= MaxSealedWrites)
            {
                try
                {
                    await _sealed.Peek().Done.Task;
                }
                catch
                {
                    ThrowIfBroken();
                }

                continue;
            }

            await _gate.WaitAsync();
            if (_sealed.Count < MaxSealedWrites || _broken is not null)
            {
                return;
            }

            _gate.Release();
        }
    }

    /// <summary>Captures the state the open write's decisions produced and queues it for the write loop; under the gate.</summary>
    private void SealOpen()
    {
        if (_open.IsEmpty)
        {
            return;
        }

        _open.Seal(journal.Serialize(_book.Persisted()), _book.ToRecord(_key), _state.LastSequence, _state.ChangeSequence, _book.TakeReservationRows());
        _sealed.Enqueue(_open);
        _open = new PendingWrite();
    }

    /// <summary>Commits sealed writes one at a time, sealing the open one whenever nothing else waits.</summary>
    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            while (_broken is null)
            {
                if (_sealed.Count == 0)
                {
                    await _gate.WaitAsync();
                    try
                    {
                        SealOpen();
                        if (_sealed.Count == 0)
                        {
                            return;
                        }
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }

                var write = _sealed.Peek();
                var span = StartCommitSpan(write);
                try
                {
                    await journal.CommitAsync(_key, write.State!, write.Entries, write.ReservationRows);
                }
                catch (Exception exception)
                {
                    EndCommitSpan(span, write, exception);
                    Break(write, exception);
                    return;
                }

                EndCommitSpan(span, write, null);
                _sealed.Dequeue();
                _committed = write.Record!;
                _committedSequence = write.Sequence;
                _committedHead = write.Entries.Count > 0 ? write.Entries[^1].Hash : _committedHead;
                _committedChange = write.ChangeSequence;
                write.Done.TrySetResult();
                foreach (var entry in write.Entries)
                {
                    Observe(entry);
                }

                if (HasDerivedWork())
                {
                    KickDerived();
                }
            }
        }
        finally
        {
            _writing = null;
        }
    }

    /// <summary>A write failed: it and everything decided on top of it fail; the grain reloads from storage on the next call.</summary>
    private void Break(PendingWrite failed, Exception exception)
    {
        _broken = exception;
        var abandoned = _sealed.Sum(write => write.Entries.Count) + _open.Entries.Count;
        LogCommitFailed(_key.WarehouseId, _key.ProductId, failed.Entries.Count, abandoned, exception);
        while (_sealed.TryDequeue(out var write))
        {
            write.Done.TrySetException(exception);
        }

        _open.Done.TrySetException(exception);
        DeactivateOnIdle();
    }

    private void ThrowIfBroken()
    {
        if (_broken is { } broken)
        {
            throw new InvalidOperationException(
                $"Stock {_key}: a storage write failed; this activation is reloading from storage. Retry the call (what was applied answers duplicate).", broken);
        }
    }

    /// <summary>Waits for what is in flight and saves derived progress before the grain goes (so a reactivation repeats nothing).</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        if (_writing is { } writing)
        {
            await writing.WaitAsync(cancellationToken);
        }

        if (_broken is not null)
        {
            return;
        }

        await TryCarryOutDerivedAsync();
        if (!_open.IsEmpty)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                SealOpen();
            }
            finally
            {
                _gate.Release();
            }

            _writing ??= WriteLoopAsync();
            await _writing.WaitAsync(cancellationToken);
        }

        if (HasDerivedWork())
        {
            await EnsureRetryReminderAsync();
        }
    }

    /// <summary>A rule the event breaks before the stock rules run: a value rule, an id of the system's, or an unregistered warehouse.</summary>
    private EventRejection? Refusal(InventoryEvent e, DateTimeOffset now, WarehouseInfo? warehouse, bool fromCaller) =>
        (fromCaller && SystemEventIds.IsSystem(e.EventId)
            ? new EventRejection(RejectionCodes.InvalidValue, "event_id", $"ids starting with '{SystemEventIds.Marker}' are made by the system and cannot be sent")
            : null)
        ?? EventRules.Check(e, now, validationOptions.Value)
        ?? (warehouse is null ? EventRejection.UnknownWarehouse(_key.WarehouseId) : null);

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
        metrics.EventDecided(entry.Outcome, entry.Why?.Code, entry.EventType, _warehouse?.Info?.WarehouseId);
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

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug,
        Message = "Stock {WarehouseId}/{ProductId}: event {EventId} rejected: {Reason}")]
    private partial void LogEventRejected(string warehouseId, string productId, string eventId, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: event {EventId} removed more than the record holds; discrepancy now {Discrepancy}")]
    private partial void LogDiscrepancy(string warehouseId, string productId, string eventId, long discrepancy);

    /// <summary>A failed commit, written at most once per <see cref="WarningGate.Period"/> for the silo (the rest are counted in that line).</summary>
    private void LogCommitFailed(string warehouseId, string productId, int count, int abandoned, Exception exception)
    {
        if (warnings.ShouldLog(1003, out var suppressed))
        {
            WriteCommitFailed(warehouseId, productId, count, abandoned, suppressed, exception);
        }
    }

    /// <summary>Failed derived work, written at most once per <see cref="WarningGate.Period"/> for the silo.</summary>
    private void LogDerivedFailed(string warehouseId, string productId, Exception exception)
    {
        if (warnings.ShouldLog(1005, out var suppressed))
        {
            WriteDerivedFailed(warehouseId, productId, suppressed, exception);
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error,
        Message = "Stock {WarehouseId}/{ProductId}: the commit of {Count} entries failed ({Abandoned} decided after it abandoned too); grain deactivating to reload ({Suppressed} more like it since the last such line)")]
    private partial void WriteCommitFailed(string warehouseId, string productId, int count, int abandoned, long suppressed, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: telling region, transfers, dead letters or subscribers failed; retried ({Suppressed} more like it since the last such line)")]
    private partial void WriteDerivedFailed(string warehouseId, string productId, long suppressed, Exception exception);
}
