using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Products;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Carrying out what a commit promised, in two tiers, each step idempotent so a repeat after a crash is harmless.
/// History (ledger, dead letters, product index) must be safe before the next commit. Derived effects (region
/// snapshot, live stock change, notifications, transfer reports) never block this record: regions derive, stock
/// grains decide. They are retried on every call, on activation, and by a durable reminder while they fail.
/// </summary>
internal sealed partial class StockGrain
{
    private const string RetryReminder = "derived-effects-retry";

    /// <summary>The most derived effects kept waiting; past it the oldest notifications go (counted and logged).</summary>
    private const int MaxPendingDerived = 256;

    private async Task FlushOutboxAsync()
    {
        var outbox = stock.State.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        await ledger.AppendAsync(_key, outbox);
        var letters = outbox
            .Where(entry => entry.Outcome == EventOutcome.Rejected && !RejectionCodes.IsBusinessRefusal(entry.Why!.Code))
            .Select(ToDeadLetter)
            .ToList();
        if (letters.Count > 0)
        {
            await GrainFactory.AddDeadLettersAsync(letters);
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

    /// <summary>Each derived effect on its own, so one unavailable consumer (say, the region) holds up no other.</summary>
    private async Task FlushDerivedAsync()
    {
        var state = stock.State;
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

        await Attempt(SyncExpiryReminderAsync);
        await Attempt(async () =>
        {
            while (state.PendingNotifications.Count > 0)
            {
                await this.PublishNotificationsAsync([state.PendingNotifications[0]]);
                state.PendingNotifications.RemoveAt(0);
            }
        });
        await Attempt(async () =>
        {
            if (state.StockChangePending)
            {
                await this.PublishStockChangeAsync(new StockChange(_book.ToRecord(_key), state.LastSequence, (await GetWarehouseAsync())?.RegionId, clock.GetUtcNow()));
                state.StockChangePending = false;
            }
        });
        await Attempt(async () =>
        {
            while (state.PendingTransferReports.Count > 0)
            {
                await ReportTransferAsync(state.PendingTransferReports[0]);
                state.PendingTransferReports.RemoveAt(0);
            }
        });
        await Attempt(async () =>
        {
            if (state.RegionFeedPending)
            {
                await FeedRegionAsync();
                state.RegionFeedPending = false;
            }
        });

        if (failures.Count > 0)
        {
            throw new AggregateException("Some derived effects failed; they stay pending.", failures);
        }
    }

    private async Task TryFlushDerivedAsync()
    {
        var state = stock.State;
        try
        {
            await FlushDerivedAsync();
            if (state.RetryReminderActive && await this.GetReminder(RetryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
                state.RetryReminderActive = false;
            }
        }
        catch (Exception exception)
        {
            LogDerivedFlushFailed(_key.WarehouseId, _key.ProductId, exception);
            var excess = state.PendingNotifications.Count + state.PendingTransferReports.Count - MaxPendingDerived;
            if (excess > 0)
            {
                state.PendingNotifications.RemoveRange(0, Math.Min(excess, state.PendingNotifications.Count));
            }

            if (!state.RetryReminderActive)
            {
                try
                {
                    await this.RegisterOrUpdateReminder(RetryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
                    state.RetryReminderActive = true;
                }
                catch (Exception reminderFailure)
                {
                    // The pending effects are in state; the next call or activation retries them.
                    LogDerivedFlushFailed(_key.WarehouseId, _key.ProductId, reminderFailure);
                }
            }
        }
    }

    /// <summary>
    /// Sends the record's current quantities, versioned by ledger sequence, to its region; when the warehouse moved
    /// region, the old region gets the same snapshot (naming the new region) and drops the warehouse.
    /// </summary>
    private async Task FeedRegionAsync()
    {
        if (await GetWarehouseAsync() is not { } warehouse)
        {
            return;
        }

        var record = _book.ToRecord(_key);
        var snapshot = new StockSnapshot(warehouse.RegionId, _key.ProductId, _key.WarehouseId, stock.State.LastSequence,
            record.AvailableQuantity, record.ReservedQuantity, record.OnHandQuantity, clock.GetUtcNow(), System.Diagnostics.Activity.Current?.Id);
        await GrainFactory.GetGrain<IRegionGrain>(warehouse.RegionId).ApplySnapshotsAsync([snapshot]);
        if (stock.State.LastRegionId is { } previous && !string.Equals(previous, warehouse.RegionId, StringComparison.Ordinal))
        {
            await GrainFactory.GetGrain<IRegionGrain>(previous).ApplySnapshotsAsync([snapshot]);
        }

        stock.State.LastRegionId = warehouse.RegionId;
    }

    /// <summary>Tells the transfer grain of a shipment or receipt, superseded ones included: the units still moved.</summary>
    private Task ReportTransferAsync(LedgerEntry entry)
    {
        var transfer = GrainFactory.GetGrain<ITransferGrain>(entry.Reference!);
        return entry.EventType == InventoryEventType.TransferShipped
            ? transfer.ShippedAsync(new TransferShipment(entry.Reference!, _key.ProductId, _key.WarehouseId, entry.Destination!,
                entry.Quantity, entry.EventTime, entry.ExpectedArrival!.Value))
            : transfer.ReceivedAsync(new TransferReceipt(entry.Reference!, _key.ProductId, _key.WarehouseId, entry.Quantity, entry.EventTime));
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
}
