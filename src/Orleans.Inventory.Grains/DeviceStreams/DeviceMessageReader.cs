using System.Text;
using System.Text.Json;
using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Reads a device message's body into its valid events and the dead letters of what is not valid (the whole body when
/// it is not one event or a non-empty array of them, else each invalid element) or not allowed: an event for a warehouse
/// the message's device is not bound to (<see cref="DeviceBinding"/>) is dead-lettered <c>forbidden_warehouse</c> and
/// counted in one audit record per warehouse, whatever else is wrong with it; its siblings still apply. Dead-letter and
/// audit ids are stable (partition and sequence number; an audit record's time is the message's enqueue time), so a
/// message read again adds no second letter and replaces its audit rows with the same ones.
/// </summary>
internal static class DeviceMessageReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static DeviceMessageContent Read(DeviceMessage message, DateTimeOffset now, EventValidationOptions validation, DeviceBinding binding)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 0)
            {
                return new(message, [], [Unreadable(message, now, "the message must be one event object or a non-empty array of event objects")]);
            }

            var parsed = InventoryEventParser.ParseBatch(root, now, validation);
            var device = binding.Identify(message);
            var forbidden = parsed.Where(p => p.WarehouseId is not null && !binding.Allows(device, p.WarehouseId)).ToList();
            var forbiddenAt = forbidden.Select(p => p.Index).ToHashSet();
            var allowed = forbidden.Count == 0 ? parsed : [.. parsed.Where(p => !forbiddenAt.Contains(p.Index))];

            // An event Event Hubs vouched for is recorded for the device that sent it, not for the device_id its body claims.
            return new(message,
                [.. allowed.Where(p => p.Event is not null).Select(p => device.Authenticated ? p.Event! with { DeviceId = device.Id } : p.Event!)],
                [.. allowed.Where(p => p.Rejection is not null).Select(p => ToDeadLetter(message, now, p)),
                    .. forbidden.Select(p => Forbidden(message, now, p, device))],
                [.. forbidden.GroupBy(p => p.WarehouseId!, StringComparer.Ordinal).Select(g => Denied(message, device, g.Key, g.First().Index, g.Count()))]);
        }
        catch (JsonException exception)
        {
            return new(message, [], [Unreadable(message, now, $"the message body is not valid JSON: {exception.Message}")]);
        }
    }

    /// <summary>The whole message, kept because its delivery kept failing (see <see cref="DeviceStreamRejections.Undeliverable"/>).</summary>
    public static DeadLetter Undeliverable(DeviceMessage message, DateTimeOffset now, string reason, StockKey? key) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}:undeliverable", now, DeviceStreamRejections.Undeliverable, null, reason,
            message.Source, DeadLetter.CutPayload(Text(message.Body)), null, key?.ProductId, key?.WarehouseId);

    private static DeadLetter Unreadable(DeviceMessage message, DateTimeOffset now, string reason) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}", now, RejectionCodes.MalformedMessage, null, reason,
            message.Source, DeadLetter.CutPayload(Text(message.Body)), null, null, null);

    private static DeadLetter ToDeadLetter(DeviceMessage message, DateTimeOffset now, ParsedEvent p) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}:{p.Index}", now, p.Rejection!.Code, p.Rejection.Field,
            p.Rejection.Reason, $"{message.Source}#{p.Index}", DeadLetter.CutPayload(p.Raw), p.EventId, p.ProductId, p.WarehouseId);

    private static DeadLetter Forbidden(DeviceMessage message, DateTimeOffset now, ParsedEvent p, DeviceIdentity device) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}:{p.Index}", now, RejectionCodes.ForbiddenWarehouse, "location",
            device.Id is null
                ? $"the message was not sent to a publisher endpoint and names no device the binding accepts (a claimed device_id counts only without Inventory:Devices:RequireAuthenticatedPublisher), so it may not report for warehouse '{Short(p.WarehouseId)}'"
                : $"device '{Short(device.Id)}' (from the {device.Evidence}) is not bound to warehouse '{Short(p.WarehouseId)}' (Inventory:Devices:Warehouses)",
            $"{message.Source}#{p.Index}", DeadLetter.CutPayload(p.Raw), p.EventId, p.ProductId, p.WarehouseId);

    /// <summary>The audit feed's record of a device's events refused for one warehouse: a denied attempt, at the message's enqueue time.</summary>
    private static AuditRecord Denied(DeviceMessage message, DeviceIdentity device, string warehouseId, int firstIndex, int count)
    {
        var truncated = false;
        return new AuditRecord($"eh:{message.Partition}:{message.SequenceNumber}:{firstIndex}", message.EnqueuedAt,
            AuditRules.Bound(device.Actor, ref truncated)!, CallerContext.Stream, AuditActions.AuthDenied, message.Source,
            AuditActions.Refused, AuditActions.ForbiddenWarehouse, 0, count, null,
            AuditRules.Bound($"warehouse_id={warehouseId}; device from the {device.Evidence}", ref truncated), truncated);
    }

    // Ids come from the sender here and are not checked yet: keep reasons small.
    private static string? Short(string? id) => id is { Length: > IdRules.MaxLength } ? id[..IdRules.MaxLength] + "..." : id;

    private static string Text(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(body);
        }
    }
}
