using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;
using Orleans.Inventory.Warehouses;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// One transfer: its lines (one per product) as the source's stock records report them shipped and the destination's
/// report them received, partial receipts per line, receipts that do not match (another product or warehouse), the
/// destination region's in-transit units per line, and one <c>delayed_shipment</c> when an expected arrival passes
/// with a line not fully received, closed when every line is received.
/// </summary>
/// <remarks>
/// Same outbox commit as the stock and region grains: a change and its effects (the in-transit snapshots for the
/// region, notifications, the index entry) are written in one state write, then delivered and cleared; delivery
/// is idempotent (versioned snapshots, deterministic notification ids, upsert) and retried on the next call,
/// reminder tick or activation. The expected arrival is a durable reminder, so it fires even after a restart.
/// Exactly once: each stock record reports its entries in ledger-sequence order, so the grain keeps the highest
/// sequence applied per reporting record and acknowledges a report at or below it without change.
/// </remarks>
internal sealed partial class TransferGrain(
    [PersistentState("transfer", StorageNames.Inventory)] IPersistentState<TransferState> transfer,
    IOptions<ReminderOptions> reminderOptions,
    DeepCopier<TransferState> copier,
    TimeProvider clock,
    NotificationMetrics metrics,
    SystemCaller systemCaller,
    ILogger<TransferGrain> logger) : Grain, ITransferGrain, IRemindable
{
    internal const string ArrivalReminder = "expected-arrival";

    private TransferState State => transfer.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Shipment is not null || State.Receipt is not null || State.PendingTransit is not null)
        {
            // Written before transfers had lines; saved with the next write (redoing it from the old fields is harmless).
            TransferBook.Upgrade(State);
        }

        return TryDeliverAsync();
    }

    public async Task ShippedAsync(TransferShipment shipment)
    {
        Check(shipment.TransferId, shipment.ProductId, shipment.DestinationWarehouseId, shipment.Quantity);
        if (!IdRules.IsValid(shipment.SourceWarehouseId))
        {
            throw new ArgumentException($"source_warehouse_id: '{shipment.SourceWarehouseId}' is not a valid id.", nameof(shipment));
        }

        if (TransferBook.IsRedelivery(State, TransferBook.ShipmentKind, shipment.SourceWarehouseId, shipment.ProductId, shipment.Sequence))
        {
            LogRepeated(this.GetPrimaryKeyString(), TransferBook.ShipmentKind, shipment.SourceWarehouseId, shipment.ProductId, shipment.Sequence);
            await TryDeliverAsync();
            // The first report may have failed between its write and the reminder's registration.
            await SyncArrivalReminderAsync();
            return;
        }

        var region = State.DestinationWarehouseId is null
            ? (await GrainFactory.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key).GetAsync(shipment.DestinationWarehouseId))?.RegionId
            : State.RegionId;
        string? refused = null;
        await CommitAsync(() =>
        {
            var first = State.DestinationWarehouseId is null;
            refused = TransferBook.Ship(State, shipment);
            if (refused is not null)
            {
                return;
            }

            if (first)
            {
                State.RegionId = region;
                if (region is null)
                {
                    LogUnknownDestination(shipment.TransferId, shipment.DestinationWarehouseId);
                }
            }

            QueueTransit(shipment.ProductId);
            if (!State.Delayed && TransferBook.NextDue(TransferBook.Lines(State)) <= clock.GetUtcNow())
            {
                MarkDelayed();
            }
        });

        if (refused is not null)
        {
            LogShipmentRefused(shipment.TransferId, shipment.ProductId, shipment.SourceWarehouseId, shipment.DestinationWarehouseId, refused);
        }

        await SyncArrivalReminderAsync();
    }

    public async Task ReceivedAsync(TransferReceipt receipt)
    {
        Check(receipt.TransferId, receipt.ProductId, receipt.DestinationWarehouseId, receipt.Quantity);
        if (TransferBook.IsRedelivery(State, TransferBook.ReceiptKind, receipt.DestinationWarehouseId, receipt.ProductId, receipt.Sequence))
        {
            LogRepeated(this.GetPrimaryKeyString(), TransferBook.ReceiptKind, receipt.DestinationWarehouseId, receipt.ProductId, receipt.Sequence);
            await TryDeliverAsync();
            return;
        }

        await CommitAsync(() =>
        {
            var wasClosed = TransferBook.IsClosed(TransferBook.Lines(State));
            TransferBook.Receive(State, receipt);
            QueueTransit(receipt.ProductId);
            if (State.Delayed && !wasClosed && TransferBook.IsClosed(TransferBook.Lines(State)))
            {
                Notify(NotificationType.DelayedShipmentResolved, "delayed_shipment_resolved",
                    $"was received at {Format(receipt.ReceivedAt)}, after its expected arrival; the delay is resolved", Activity.Current?.Id);
            }
        });

        if (State.DestinationWarehouseId is { } destination
            && (destination != receipt.DestinationWarehouseId || !State.Lines.Exists(line => line.ProductId == receipt.ProductId)))
        {
            LogReceiptUnmatched(receipt.TransferId, receipt.ProductId, receipt.DestinationWarehouseId, destination);
        }

        await SyncArrivalReminderAsync();
    }

    public Task<TransferRecord?> GetAsync() =>
        Task.FromResult(State.Lines.Count == 0 && State.Receipts.Count == 0 ? null : ToRecord());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ArrivalReminder)
        {
            return;
        }

        await TryDeliverAsync();
        // The reminder service runs on its own clock; the grain decides by the injected one and waits for the next
        // tick if that says it is not time yet.
        if (!State.Delayed && TransferBook.NextDue(TransferBook.Lines(State)) is { } due && clock.GetUtcNow() >= due)
        {
            await CommitAsync(MarkDelayed);
        }

        await SyncArrivalReminderAsync();
    }

    private void MarkDelayed()
    {
        State.Delayed = true;
        var due = TransferBook.NextDue(TransferBook.Lines(State)) ?? State.Lines.Min(line => line.ExpectedArrival);
        Notify(NotificationType.DelayedShipment, "delayed_shipment", $"was expected at {Format(due)} and has not been received", null);
    }

    private void Notify(NotificationType type, string name, string what, string? traceParent)
    {
        var id = this.GetPrimaryKeyString();
        var (first, destination, total) = (State.Lines[0], State.DestinationWarehouseId!, State.Lines.Sum(line => line.Quantity));
        var goods = State.Lines.Count == 1
            ? $"{first.Quantity} {first.ProductId}"
            : $"{State.Lines.Count} lines ({string.Join(", ", State.Lines.Take(5).Select(line => $"{line.Quantity} {line.ProductId}"))}{(State.Lines.Count > 5 ? ", ..." : "")})";
        State.Outbox.Add(new Notification($"{name}:{id}", type, clock.GetUtcNow(), State.RegionId, destination, first.ProductId, id, total, null,
            $"Transfer {id} of {goods} from {first.SourceWarehouseId} to {destination} {what}.", traceParent));
    }

    /// <summary>
    /// Queues the snapshot of one line (its outstanding units) at a new version, when the region is known; one waiting
    /// snapshot per line at most (a newer replaces an undelivered older one).
    /// </summary>
    private void QueueTransit(string productId)
    {
        if (State.RegionId is null || TransferBook.Lines(State).FirstOrDefault(l => l.ProductId == productId && l.ShippedQuantity > 0) is not { } line)
        {
            return;
        }

        State.PendingTransits.RemoveAll(pending => pending.ProductId == productId);
        State.PendingTransits.Add(new TransitSnapshot(this.GetPrimaryKeyString(), productId, State.DestinationWarehouseId!, line.OutstandingQuantity,
            ++State.TransitVersion));
    }

    private async Task CommitAsync(Action change)
    {
        await TryDeliverAsync();
        var before = copier.Copy(State);
        change();
        State.IndexPending = true;
        try
        {
            await transfer.WriteStateAsync();
        }
        catch (Exception exception)
        {
            transfer.State = before;
            LogCommitFailed(this.GetPrimaryKeyString(), exception);
            DeactivateOnIdle();
            throw;
        }

        await TryDeliverAsync();
    }

    /// <summary>Delivers what the last write committed; each effect is idempotent, so a repeat after a crash is harmless.</summary>
    private async Task TryDeliverAsync()
    {
        if (State.PendingTransits.Count == 0 && State.Outbox.Count == 0 && !State.IndexPending)
        {
            return;
        }

        // Delivery runs from a report, a reminder tick or an activation: it acts as the silo.
        systemCaller.Use("system:transfer", CallerContext.System);
        try
        {
            if (State.PendingTransits.Count > 0 && State.RegionId is { } regionId)
            {
                await GrainFactory.GetGrain<IRegionGrain>(regionId).ApplyTransitAsync(State.PendingTransits);
                State.PendingTransits = [];
            }

            if (State.Outbox.Count > 0)
            {
                await this.PublishNotificationsAsync(State.Outbox);
                foreach (var notification in State.Outbox)
                {
                    metrics.Published(notification.Type);
                }

                State.Outbox.Clear();
            }

            if (State.IndexPending)
            {
                await GrainFactory.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).UpsertAsync(ToRecord() with { Lines = null, Unmatched = null });
                State.IndexPending = false;
            }

            await transfer.WriteStateAsync();
        }
        catch (Exception exception)
        {
            metrics.PublishFailed();
            LogDeliveryFailed(this.GetPrimaryKeyString(), exception);
        }
    }

    /// <summary>Registers the reminder for the next due line while the transfer is open and not yet delayed, else removes it.</summary>
    private async Task SyncArrivalReminderAsync()
    {
        if (!State.Delayed && TransferBook.NextDue(TransferBook.Lines(State)) is { } next)
        {
            var due = next - clock.GetUtcNow();
            // A period is required; the first tick normally settles it and unregisters, later ones only retry.
            var period = reminderOptions.Value.MinimumReminderPeriod > TimeSpan.Zero ? reminderOptions.Value.MinimumReminderPeriod : TimeSpan.FromMinutes(1);
            await this.RegisterOrUpdateReminder(ArrivalReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        else if (await this.GetReminder(ArrivalReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Until a shipment is reported, the source is empty, the quantity 0 and the shipment times <see cref="DateTimeOffset.MinValue"/>.</summary>
    private TransferRecord ToRecord()
    {
        var lines = TransferBook.Lines(State);
        var shipped = lines.Where(line => line.ShippedQuantity > 0).ToList();
        var first = lines[0];
        return new TransferRecord(this.GetPrimaryKeyString(), first.ProductId, first.SourceWarehouseId, TransferBook.Destination(State)!,
            lines.Sum(line => line.ShippedQuantity),
            shipped.Count > 0 ? shipped.Min(line => line.ShippedAt) : DateTimeOffset.MinValue,
            shipped.Count > 0 ? shipped.Min(line => line.ExpectedArrival) : DateTimeOffset.MinValue,
            lines.Max(line => line.ReceivedAt), lines.Sum(line => line.ReceivedQuantity), TransferBook.Status(State, lines),
            lines.Sum(line => line.OutstandingQuantity), lines, TransferBook.Unmatched(State), State.Dropped, lines.Count);
    }

    private void Check(string transferId, string productId, string destinationWarehouseId, long quantity)
    {
        if (transferId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Transfer {transferId} was sent to transfer grain {this.GetPrimaryKeyString()}.", nameof(transferId));
        }

        if (!IdRules.IsValid(productId) || !IdRules.IsValid(destinationWarehouseId) || quantity < 0)
        {
            throw new ArgumentException($"Transfer {transferId}: product and destination must be valid ids and the quantity 0 or more.", nameof(transferId));
        }
    }

    private static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Transfer {TransferId}: {What} of {WarehouseId}/{ProductId} at sequence {Sequence} reported again; acknowledged, nothing changed")]
    private partial void LogRepeated(string transferId, string what, string warehouseId, string productId, long sequence);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: destination warehouse {WarehouseId} is not registered; its units are not counted in transit")]
    private partial void LogUnknownDestination(string transferId, string warehouseId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error,
        Message = "Transfer {TransferId}: storage write failed; state restored, grain deactivating")]
    private partial void LogCommitFailed(string transferId, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: delivering committed effects failed; retried on the next call, tick or activation")]
    private partial void LogDeliveryFailed(string transferId, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: shipment of {ProductId} from {WarehouseId} to {DestinationWarehouseId} is not a line ({Reason}); listed as unmatched")]
    private partial void LogShipmentRefused(string transferId, string productId, string warehouseId, string destinationWarehouseId, string reason);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: receipt of {ProductId} at {WarehouseId} matches no line to {DestinationWarehouseId}; listed as unmatched")]
    private partial void LogReceiptUnmatched(string transferId, string productId, string warehouseId, string destinationWarehouseId);
}
