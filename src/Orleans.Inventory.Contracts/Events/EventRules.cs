namespace Orleans.Inventory.Events;

/// <summary>
/// The value rules every event keeps, checked wherever an event enters: after JSON parsing at the edge, and again
/// in the stock grain, which trusts no caller (a .NET client can build an <see cref="InventoryEvent"/> itself).
/// </summary>
public static class EventRules
{
    /// <summary>The first rule the event breaks, naming its field; null when it keeps them all.</summary>
    public static EventRejection? Check(InventoryEvent e, DateTimeOffset now, EventValidationOptions options) =>
        CheckId("product_id", e.ProductId)
        ?? CheckId("location", e.WarehouseId)
        ?? CheckQuantity(e, options)
        ?? CheckTimestamp(e.Timestamp, now, options)
        ?? (SystemEventIds.IsSystem(e.EventId)
            ? (SystemEventIds.IsValid(e.EventId) ? null : new EventRejection(RejectionCodes.InvalidValue, "event_id", "not a well-formed system event id"))
            : CheckId("event_id", e.EventId))
        ?? (e.DeviceId is null ? null : CheckId("device_id", e.DeviceId))
        ?? CheckText("reference", e.Reference, options)
        ?? CheckText("reason", e.Reason, options)
        ?? CheckTypeSpecific(e, options);

    private static EventRejection? CheckTypeSpecific(InventoryEvent e, EventValidationOptions options)
    {
        if (e.Type.IsReservation() || e.Type.IsTransfer())
        {
            if (e.Reference is null)
            {
                return new EventRejection(RejectionCodes.MissingField, "reference",
                    $"required for {e.Type.ToWireName()} (the {(e.Type.IsTransfer() ? "transfer" : "reservation")} id)");
            }

            if (CheckId("reference", e.Reference) is { } badReference)
            {
                return badReference;
            }
        }

        if (e.Type == InventoryEventType.TransferShipped)
        {
            if (e.Destination is null)
            {
                return new EventRejection(RejectionCodes.MissingField, "destination", "required for transfer_shipped (the receiving warehouse id)");
            }

            if (CheckId("destination", e.Destination) is { } badDestination)
            {
                return badDestination;
            }

            if (string.Equals(e.Destination, e.WarehouseId, StringComparison.Ordinal))
            {
                return new EventRejection(RejectionCodes.InvalidValue, "destination", "must differ from location (a transfer goes to another warehouse)");
            }

            if (e.ExpectedArrival is null)
            {
                return new EventRejection(RejectionCodes.MissingField, "expected_arrival", "required for transfer_shipped");
            }

            if (e.ExpectedArrival < e.Timestamp)
            {
                return new EventRejection(RejectionCodes.InvalidValue, "expected_arrival", "must not be before the shipment's timestamp");
            }
        }

        if (e.TtlSeconds is { } ttl && (ttl < 1 || TimeSpan.FromSeconds(ttl) > options.MaxReservationTtl))
        {
            return new EventRejection(RejectionCodes.InvalidValue, "ttl_seconds",
                $"must be from 1 to {(long)options.MaxReservationTtl.TotalSeconds}, got {ttl}");
        }

        return null;
    }

    private static EventRejection? CheckId(string field, string value) =>
        IdRules.IsValid(value)
            ? null
            : new EventRejection(RejectionCodes.InvalidValue, field, value.Length == 0
                ? "must not be empty"
                : $"'{Shorten(value)}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");

    private static EventRejection? CheckQuantity(InventoryEvent e, EventValidationOptions options)
    {
        var minimum = e.Type.IsCount() ? 0 : 1;
        if (e.Quantity < minimum)
        {
            return new EventRejection(RejectionCodes.InvalidValue, "quantity", e.Type.IsCount()
                ? $"a count must be zero or more, got {e.Quantity}"
                : $"must be at least 1 for {e.Type.ToWireName()} (the event type gives the direction), got {e.Quantity}");
        }

        return e.Quantity > options.MaxQuantity
            ? new EventRejection(RejectionCodes.InvalidValue, "quantity", $"must be at most {options.MaxQuantity}, got {e.Quantity}")
            : null;
    }

    private static EventRejection? CheckTimestamp(DateTimeOffset timestamp, DateTimeOffset now, EventValidationOptions options)
    {
        if (timestamp < options.MinTimestamp)
        {
            return new EventRejection(RejectionCodes.InvalidValue, "timestamp",
                $"{timestamp.UtcDateTime:O} is before {options.MinTimestamp.UtcDateTime:O}; is the device clock set?");
        }

        return timestamp > now + options.MaxClockSkew
            ? new EventRejection(RejectionCodes.TimestampInFuture, "timestamp",
                $"{timestamp.UtcDateTime:O} is more than {options.MaxClockSkew} ahead of the server clock ({now.UtcDateTime:O})")
            : null;
    }

    private static EventRejection? CheckText(string field, string? value, EventValidationOptions options) =>
        value is null || (value.Length <= options.MaxTextLength && !value.Any(char.IsControl))
            ? null
            : new EventRejection(RejectionCodes.InvalidValue, field,
                $"must be at most {options.MaxTextLength} characters without control characters");

    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");
}
