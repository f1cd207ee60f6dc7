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
        ?? CheckId("event_id", e.EventId)
        ?? (e.DeviceId is null ? null : CheckId("device_id", e.DeviceId))
        ?? CheckText("reference", e.Reference, options)
        ?? CheckText("reason", e.Reason, options);

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
