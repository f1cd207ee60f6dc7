using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Products;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Derived effects: recorded in the state with the change that causes them (so none is lost), carried out after the
/// write lands by a loop no caller waits for, coalesced (the region and live views get the newest committed record
/// once, however many changes queued), each idempotent downstream (region snapshots by sequence, notifications and
/// dead letters by id, transfer reports by transfer id). Only what is committed is carried out. What was done is
/// saved with the next write or when the grain deactivates, so a reactivation does not repeat it. While an effect
/// fails it is retried with back-off while the grain is active, and a reminder wakes the grain to retry after it
/// deactivates; the reminder unregisters itself once nothing waits.
/// </summary>
internal sealed partial class StockGrain
{
    /// <summary>The most derived effects kept waiting; past it the oldest notifications go (counted and logged).</summary>
    public const int MaxPendingDerived = 256;

    private const string RetryReminder = "derived-effects-retry";
    private const string ExpiryReminder = "reservation-expiry";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private Task? _deriving;
    private bool _deriveAgain;
    private TimeSpan _retryDelay = TimeSpan.FromSeconds(1);
    private IGrainTimer? _retryTimer;
    private bool _retryReminderRegistered;
    private bool _expiryReminderRegistered;

    /// <summary>Records what the entry obliges the grain to do once committed; under the gate.</summary>
    private void RecordDerivedWork(LedgerEntry entry, long discrepancyBefore, WarehouseInfo? warehouse)
    {
        if (entry.Outcome == EventOutcome.Applied && entry.DiscrepancyAfter > discrepancyBefore)
        {
            _state.PendingNotifications.Add(new PendingNotification(entry.Sequence, DiscrepancyNotice(entry, warehouse)));
        }

        if (entry.EventType.IsTransfer() && entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded)
        {
            _state.PendingTransferReports.Add(entry);
        }

        if (entry.Outcome == EventOutcome.Rejected && !RejectionCodes.IsBusinessRefusal(entry.Why!.Code))
        {
            _state.PendingDeadLetters.Add(entry);
        }

        var pending = _state.PendingNotifications.Count + _state.PendingTransferReports.Count + _state.PendingDeadLetters.Count;
        if (pending > stockOptions.Value.DerivedBacklogWarning && warnings.ShouldLog(1008, out var suppressed))
        {
            LogDerivedBacklog(_key.WarehouseId, _key.ProductId, pending, _state.PendingNotifications.Count, _state.PendingTransferReports.Count,
                _state.PendingDeadLetters.Count, stockOptions.Value.DerivedBacklogWarning, suppressed);
        }

        var excess = pending - MaxPendingDerived;
        if (excess > 0)
        {
            // Dead letters and transfer reports carry stock facts; notifications are the alerts about them and go first.
            var dropped = Math.Min(excess, _state.PendingNotifications.Count);
            _state.PendingNotifications.RemoveRange(0, dropped);
            if (dropped > 0)
            {
                metrics.DerivedDropped(dropped);
                LogDerivedDropped(_key.WarehouseId, _key.ProductId, dropped);
            }
        }
    }

    private bool HasDerivedWork() =>
        _state.PendingNotifications.Count > 0 || _state.PendingTransferReports.Count > 0 || _state.PendingDeadLetters.Count > 0
        || _state.RegionFedThrough < _committedChange || _state.LiveFedThrough < _committedChange
        || (!_state.Indexed && _committed.Version > 0)
        || (_state.Reservations.Count > 0 && !_expiryReminderRegistered);

    private void KickDerived()
    {
        if (_deriving is null)
        {
            _deriving = DeriveLoopAsync();
        }
        else
        {
            _deriveAgain = true;
        }
    }

    private async Task DeriveLoopAsync()
    {
        await Task.Yield();
        try
        {
            do
            {
                _deriveAgain = false;
                if (!await TryCarryOutDerivedAsync())
                {
                    ScheduleRetry();
                    return;
                }
            }
            while (_deriveAgain);

            _retryDelay = TimeSpan.FromSeconds(1);
            if (_retryReminderRegistered && !HasDerivedWork())
            {
                await UnregisterRetryReminderAsync();
            }
        }
        finally
        {
            _deriving = null;
        }
    }

    private async Task UnregisterRetryReminderAsync()
    {
        try
        {
            await UnregisterAsync(RetryReminder);
            _retryReminderRegistered = false;
        }
        catch (Exception exception)
        {
            // It ticks again and finds nothing to do; unregistering is tried then.
            LogDerivedFailed(_key.WarehouseId, _key.ProductId, exception);
        }
    }

    /// <summary>The envelope subject of the calls derived work makes (transfer reports, dead letters, region snapshots).</summary>
    internal const string DerivedActor = "system:stock";

    /// <summary>Carries out what is committed and waiting; true when nothing failed.</summary>
    private async Task<bool> TryCarryOutDerivedAsync()
    {
        // Derived work runs long after the call that caused it (a write loop, a retry reminder): it acts as the silo,
        // not as that caller, whose envelope may have expired by now.
        systemCaller.Use(DerivedActor, CallerContext.System);
        var failures = new List<Exception>();
        async Task Attempt(Func<Task> effect)
        {
            try
            {
                await effect();
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        var through = _committedSequence;
        await Attempt(() => PublishNotificationsAsync(through));
        await Attempt(() => ReportTransfersAsync(through));
        await Attempt(() => AddDeadLettersAsync(through));
        await Attempt(FeedRegionAsync);
        await Attempt(FeedLiveAsync);
        await Attempt(IndexProductAsync);
        await Attempt(SyncExpiryReminderAsync);
        if (failures.Count == 0)
        {
            return true;
        }

        LogDerivedFailed(_key.WarehouseId, _key.ProductId, new AggregateException(failures));
        return false;
    }

    private async Task PublishNotificationsAsync(long through)
    {
        var ready = _state.PendingNotifications.Where(pending => pending.Sequence <= through).ToList();
        if (ready.Count == 0)
        {
            return;
        }

        await this.PublishNotificationsAsync(ready.Select(pending => pending.Notification));
        Done(() => _state.PendingNotifications.RemoveAll(ready.Contains));
    }

    /// <summary>
    /// Tells the transfer grains of shipments and receipts, superseded ones included: the units still moved. One at a
    /// time in ledger-sequence order, each with its sequence, which is how a transfer grain knows a redelivered report.
    /// </summary>
    private async Task ReportTransfersAsync(long through)
    {
        foreach (var entry in _state.PendingTransferReports.Where(entry => entry.Sequence <= through).ToList())
        {
            var transfer = GrainFactory.GetGrain<ITransferGrain>(entry.Reference!);
            await (entry.EventType == InventoryEventType.TransferShipped
                ? transfer.ShippedAsync(new TransferShipment(entry.Reference!, _key.ProductId, _key.WarehouseId, entry.Destination!,
                    entry.Quantity, entry.EventTime, entry.ExpectedArrival!.Value, entry.EventId, entry.Sequence))
                : transfer.ReceivedAsync(new TransferReceipt(entry.Reference!, _key.ProductId, _key.WarehouseId, entry.Quantity, entry.EventTime,
                    entry.EventId, entry.Sequence)));
            Done(() => _state.PendingTransferReports.Remove(entry));
        }
    }

    private async Task AddDeadLettersAsync(long through)
    {
        var ready = _state.PendingDeadLetters.Where(entry => entry.Sequence <= through).ToList();
        if (ready.Count == 0)
        {
            return;
        }

        await GrainFactory.AddDeadLettersAsync([.. ready.Select(ToDeadLetter)]);
        Done(() => _state.PendingDeadLetters.RemoveAll(ready.Contains));
    }

    /// <summary>
    /// Sends the committed quantities, versioned by ledger sequence, to the region; when the warehouse moved region,
    /// the old region gets the same snapshot (naming the new one) and drops the warehouse.
    /// </summary>
    private async Task FeedRegionAsync()
    {
        var change = _committedChange;
        if (_state.RegionFedThrough >= change || await GetWarehouseAsync() is not { } warehouse)
        {
            return;
        }

        var record = _committed;
        var carried = _unfedCommits.ToArray();
        using var span = StartRegionFeedSpan(warehouse.RegionId, carried, _committedSequence);
        // The region continues this span: its write, and the alert the change may raise, stay in the change's trace.
        var snapshot = new StockSnapshot(warehouse.RegionId, _key.ProductId, _key.WarehouseId, _committedSequence,
            record.AvailableQuantity, record.ReservedQuantity, record.OnHandQuantity, clock.GetUtcNow(), span?.Id);
        try
        {
            // With the silo's other snapshots for that region, one call at a time per region (RegionFeed).
            await regionFeed.SendAsync(snapshot);
            if (_state.LastRegionId is { } previous && !string.Equals(previous, warehouse.RegionId, StringComparison.Ordinal))
            {
                await regionFeed.SendAsync(previous, snapshot);
            }
        }
        catch (RegionRefusedException refused)
        {
            // Would fail alike on every retry (a per-product cap, an invalid snapshot): counted and logged, not retried
            // forever. The stock record itself is unaffected; the next change sends a fresh snapshot.
            metrics.RegionSnapshotRefused(refused.Reason);
            LogRegionRefused(_key.WarehouseId, _key.ProductId, warehouse.RegionId, refused.Reason, refused.Message);
            span?.SetTag("inventory.region.refused", refused.Reason);
        }
        catch (Exception failure)
        {
            InventoryTracing.Fail(span, failure);
            throw;
        }

        Done(() =>
        {
            _unfedCommits.RemoveAll(commit => carried.Contains(commit));
            _state.LastRegionId = warehouse.RegionId;
            _state.RegionFedThrough = Math.Max(_state.RegionFedThrough, change);
        });
    }

    private async Task FeedLiveAsync()
    {
        var change = _committedChange;
        if (_state.LiveFedThrough >= change)
        {
            return;
        }

        await this.PublishStockChangeAsync(new StockChange(_committed, _committedSequence, (await GetWarehouseAsync())?.RegionId, clock.GetUtcNow()));
        Done(() => _state.LiveFedThrough = Math.Max(_state.LiveFedThrough, change));
    }

    private async Task IndexProductAsync()
    {
        if (_state.Indexed || _committed.Version == 0)
        {
            return;
        }

        await GrainFactory.GetGrain<IProductIndexGrain>(_key.ProductId).AddWarehouseAsync(_key.WarehouseId);
        Done(() => _state.Indexed = true);
    }

    /// <summary>Registers the expiry reminder once per activation while reservations are held; its tick unregisters it when none are.</summary>
    private async Task SyncExpiryReminderAsync()
    {
        if (_state.Reservations.Count == 0 || _expiryReminderRegistered)
        {
            return;
        }

        var period = reservationOptions.Value.ExpirySweepPeriod;
        await this.RegisterOrUpdateReminder(ExpiryReminder, period, period);
        _expiryReminderRegistered = true;
    }

    /// <summary>Marks derived work done in the state (saved with the next write); no await may come between check and mark.</summary>
    private void Done(Action mark)
    {
        mark();
        _open.Dirty = true;
    }

    private void ScheduleRetry()
    {
        _retryTimer?.Dispose();
        _retryTimer = this.RegisterGrainTimer(() =>
        {
            KickDerived();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(_retryDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
        _retryDelay = _retryDelay * 2 > MaxRetryDelay ? MaxRetryDelay : _retryDelay * 2;
        _ = EnsureRetryReminderAsync();
    }

    private async Task EnsureRetryReminderAsync()
    {
        if (_retryReminderRegistered)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(RetryReminder, stockOptions.Value.DerivedRetryPeriod, stockOptions.Value.DerivedRetryPeriod);
            _retryReminderRegistered = true;
        }
        catch (Exception exception)
        {
            // The work is in the committed state; the next call, activation or timer retries it.
            LogDerivedFailed(_key.WarehouseId, _key.ProductId, exception);
        }
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder)
        {
            if (_state.Reservations.Count > 0)
            {
                await DecideAndCommitAsync([], fromCaller: false);
            }
            else
            {
                await UnregisterAsync(ExpiryReminder);
                _expiryReminderRegistered = false;
            }

            return;
        }

        // The tick only starts the work: awaiting it here held the reminder service's call for as long as a slow region
        // took (30 s timeouts, one error line per grain per minute under overload). The loop unregisters the reminder
        // once nothing waits; the tick proves the reminder exists even if this activation did not register it.
        _retryReminderRegistered = true;
        KickDerived();
    }

    private async Task UnregisterAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private DeadLetter ToDeadLetter(LedgerEntry entry)
    {
        var sent = new InventoryEvent(entry.EventId, entry.EventType, _key.ProductId, _key.WarehouseId, entry.Quantity,
            entry.EventTime, entry.Source == "unknown" ? null : entry.Source, entry.Reference, null, entry.Destination, entry.ExpectedArrival);
        var why = entry.Why!;
        return new DeadLetter($"ledger:{_key}#{entry.Sequence}", entry.RecordedAt, why.Code, why.Field, why.Reason,
            $"ledger {_key}#{entry.Sequence}", DeadLetter.CutPayload(InventoryEventJson.Serialize(sent)), entry.EventId,
            _key.ProductId, _key.WarehouseId);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1007, Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: region {RegionId} refused its snapshot ({Reason}): {Detail}")]
    private partial void LogRegionRefused(string warehouseId, string productId, string regionId, string reason, string detail);

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1008, Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: {Pending} derived effects wait ({Notifications} notifications, {TransferReports} transfer reports, {DeadLetters} dead letters), over the warning threshold {Threshold}; at the bound the oldest notifications are dropped ({Suppressed} more like it since the last such line)")]
    private partial void LogDerivedBacklog(string warehouseId, string productId, int pending, int notifications, int transferReports, int deadLetters, int threshold, long suppressed);

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1006, Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Stock {WarehouseId}/{ProductId}: {Count} pending notifications dropped (derived work over its bound while consumers fail)")]
    private partial void LogDerivedDropped(string warehouseId, string productId, int count);
}
