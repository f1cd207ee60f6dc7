using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;
using Orleans.Inventory.Warehouses;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// One transfer: its shipment and receipt (each idempotent, in either order), the destination region's in-transit
/// units, and one <c>delayed_shipment</c> when the expected arrival passes unreceived, closed by a late receipt.
/// </summary>
/// <remarks>
/// Same outbox commit as the stock and region grains: a change and its effects (the in-transit snapshot for the
/// region, notifications, the index entry) are written in one state write, then delivered and cleared; delivery
/// is idempotent (versioned snapshot, deterministic notification ids, upsert) and retried on the next call,
/// reminder tick or activation. The expected arrival is a durable reminder, so it fires even after a restart.
/// </remarks>
internal sealed partial class TransferGrain(
    [PersistentState("transfer", StorageNames.Inventory)] IPersistentState<TransferState> transfer,
    IOptions<ReminderOptions> reminderOptions,
    DeepCopier<TransferState> copier,
    TimeProvider clock,
    NotificationMetrics metrics,
    ILogger<TransferGrain> logger) : Grain, ITransferGrain, IRemindable
{
    internal const string ArrivalReminder = "expected-arrival";

    /// <summary>Transit snapshot versions: shipped, then received.</summary>
    private const long ShippedVersion = 1, ReceivedVersion = 2;

    private TransferState State => transfer.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => TryDeliverAsync();

    public async Task ShippedAsync(TransferShipment shipment)
    {
        Check(shipment.TransferId, shipment.ProductId, shipment.DestinationWarehouseId, shipment.Quantity);
        if (!IdRules.IsValid(shipment.SourceWarehouseId))
        {
            throw new ArgumentException($"source_warehouse_id: '{shipment.SourceWarehouseId}' is not a valid id.", nameof(shipment));
        }

        if (State.Shipment is not null)
        {
            LogRepeated(this.GetPrimaryKeyString(), "shipment", State.Shipment == shipment);
            await TryDeliverAsync();
            if (Status() == TransferStatus.InTransit)
            {
                // The first report may have failed between its write and the reminder's registration.
                await RegisterArrivalReminderAsync();
            }

            return;
        }

        var region = State.Receipt is null
            ? (await GrainFactory.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key).GetAsync(shipment.DestinationWarehouseId))?.RegionId
            : null;
        await CommitAsync(() =>
        {
            State.Shipment = shipment;
            if (State.Receipt is not null)
            {
                // Received before the shipment was reported: nothing is on the road.
                return;
            }

            State.RegionId = region;
            if (region is null)
            {
                LogUnknownDestination(shipment.TransferId, shipment.DestinationWarehouseId);
            }
            else
            {
                State.PendingTransit = new TransitSnapshot(shipment.TransferId, shipment.ProductId, shipment.DestinationWarehouseId,
                    shipment.Quantity, ShippedVersion);
            }

            if (clock.GetUtcNow() >= shipment.ExpectedArrival)
            {
                MarkDelayed();
            }
        });

        if (Status() == TransferStatus.InTransit)
        {
            await RegisterArrivalReminderAsync();
        }
    }

    public async Task ReceivedAsync(TransferReceipt receipt)
    {
        Check(receipt.TransferId, receipt.ProductId, receipt.DestinationWarehouseId, receipt.Quantity);
        if (State.Receipt is not null)
        {
            LogRepeated(this.GetPrimaryKeyString(), "receipt", State.Receipt == receipt);
            await TryDeliverAsync();
            return;
        }

        await CommitAsync(() =>
        {
            State.Receipt = receipt;
            if (State.Shipment is { } shipment && State.RegionId is not null)
            {
                State.PendingTransit = new TransitSnapshot(receipt.TransferId, shipment.ProductId, shipment.DestinationWarehouseId, 0, ReceivedVersion);
            }

            if (State.Delayed)
            {
                Notify(NotificationType.DelayedShipmentResolved, "delayed_shipment_resolved",
                    $"was received at {Format(receipt.ReceivedAt)}, after its expected arrival; the delay is resolved", Activity.Current?.Id);
            }
        });
        await UnregisterArrivalReminderAsync();
    }

    public Task<TransferRecord?> GetAsync() =>
        Task.FromResult(State.Shipment is null && State.Receipt is null ? null : ToRecord());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ArrivalReminder)
        {
            return;
        }

        await TryDeliverAsync();
        if (State.Shipment is null || Status() != TransferStatus.InTransit)
        {
            await UnregisterArrivalReminderAsync();
            return;
        }

        // The reminder service runs on its own clock; the grain decides by the injected one and waits for the next
        // tick if that says it is not time yet.
        if (clock.GetUtcNow() < State.Shipment!.ExpectedArrival)
        {
            return;
        }

        await CommitAsync(MarkDelayed);
        await UnregisterArrivalReminderAsync();
    }

    private void MarkDelayed()
    {
        var shipment = State.Shipment!;
        State.Delayed = true;
        Notify(NotificationType.DelayedShipment, "delayed_shipment",
            $"was expected at {Format(shipment.ExpectedArrival)} and has not been received", null);
    }

    private void Notify(NotificationType type, string name, string what, string? traceParent)
    {
        var shipment = State.Shipment!;
        State.Outbox.Add(new Notification($"{name}:{shipment.TransferId}", type, clock.GetUtcNow(), State.RegionId,
            shipment.DestinationWarehouseId, shipment.ProductId, shipment.TransferId, shipment.Quantity, null,
            $"Transfer {shipment.TransferId} of {shipment.Quantity} {shipment.ProductId} from {shipment.SourceWarehouseId} to {shipment.DestinationWarehouseId} {what}.",
            traceParent));
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
        if (State.PendingTransit is null && State.Outbox.Count == 0 && !State.IndexPending)
        {
            return;
        }

        try
        {
            if (State.PendingTransit is { } transit && State.RegionId is { } regionId)
            {
                await GrainFactory.GetGrain<IRegionGrain>(regionId).ApplyTransitAsync([transit]);
                State.PendingTransit = null;
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
                await GrainFactory.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).UpsertAsync(ToRecord());
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

    private Task RegisterArrivalReminderAsync()
    {
        var due = State.Shipment!.ExpectedArrival - clock.GetUtcNow();
        // A period is required; the first tick normally settles it and unregisters, later ones only retry.
        var period = reminderOptions.Value.MinimumReminderPeriod > TimeSpan.Zero ? reminderOptions.Value.MinimumReminderPeriod : TimeSpan.FromMinutes(1);
        return this.RegisterOrUpdateReminder(ArrivalReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
    }

    private async Task UnregisterArrivalReminderAsync()
    {
        if (await this.GetReminder(ArrivalReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Late: received after the expected arrival by the receipt's time, or after a delay alert went out.</summary>
    private TransferStatus Status() => (State.Shipment, State.Receipt) switch
    {
        (_, { } receipt) when State.Delayed || (State.Shipment is { } s && receipt.ReceivedAt > s.ExpectedArrival) => TransferStatus.ReceivedLate,
        (_, not null) => TransferStatus.Received,
        _ when State.Delayed => TransferStatus.Delayed,
        _ => TransferStatus.InTransit,
    };

    /// <summary>Until the shipment is reported, the source is empty, the quantity 0 and the shipment times <see cref="DateTimeOffset.MinValue"/>.</summary>
    private TransferRecord ToRecord()
    {
        var (shipment, receipt) = (State.Shipment, State.Receipt);
        return new TransferRecord(this.GetPrimaryKeyString(), shipment?.ProductId ?? receipt!.ProductId, shipment?.SourceWarehouseId ?? "",
            shipment?.DestinationWarehouseId ?? receipt!.DestinationWarehouseId, shipment?.Quantity ?? 0,
            shipment?.ShippedAt ?? DateTimeOffset.MinValue, shipment?.ExpectedArrival ?? DateTimeOffset.MinValue,
            receipt?.ReceivedAt, receipt?.Quantity ?? 0, Status());
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
        Message = "Transfer {TransferId}: {What} reported again (identical: {Identical}); the first report stands")]
    private partial void LogRepeated(string transferId, string what, bool identical);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: destination warehouse {WarehouseId} is not registered; its units are not counted in transit")]
    private partial void LogUnknownDestination(string transferId, string warehouseId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error,
        Message = "Transfer {TransferId}: storage write failed; state restored, grain deactivating")]
    private partial void LogCommitFailed(string transferId, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Transfer {TransferId}: delivering committed effects failed; retried on the next call, tick or activation")]
    private partial void LogDeliveryFailed(string transferId, Exception exception);
}
