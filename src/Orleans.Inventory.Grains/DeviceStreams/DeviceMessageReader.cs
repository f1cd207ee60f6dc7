using System.Text;
using System.Text.Json;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Reads a device message's body into its valid events and the dead letters of what is not valid (the whole body when
/// it is not one event or a non-empty array of them, else each invalid element). Dead-letter ids are stable (partition
/// and sequence number), so a message read again adds no second letter.
/// </summary>
internal static class DeviceMessageReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static DeviceMessageContent Read(DeviceMessage message, DateTimeOffset now, EventValidationOptions validation)
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
            return new(message,
                [.. parsed.Where(p => p.Event is not null).Select(p => p.Event!)],
                [.. parsed.Where(p => p.Rejection is not null).Select(p => ToDeadLetter(message, now, p))]);
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
