using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Inventory.Events;

/// <summary>
/// Reads inventory events from their JSON wire form (one object or an array of objects) and validates them,
/// naming the first offending field. Shared by the HTTP API and the stream adapter so both refuse the same things.
/// </summary>
public static partial class InventoryEventParser
{
    /// <summary>Parses every element of <paramref name="root"/>: an object is a batch of one.</summary>
    public static IReadOnlyList<ParsedEvent> ParseBatch(JsonElement root, DateTimeOffset now, EventValidationOptions options)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return [Parse(root, 0, now, options)];
        }

        var results = new List<ParsedEvent>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            results.Add(Parse(element, index++, now, options));
        }

        return results;
    }

    public static ParsedEvent Parse(JsonElement element, int index, DateTimeOffset now, EventValidationOptions options)
    {
        var raw = element.GetRawText();
        if (element.ValueKind != JsonValueKind.Object)
        {
            var notAnObject = new EventRejection(RejectionCodes.NotAnObject, null, $"each event must be a JSON object, got {Describe(element.ValueKind)}");
            return new ParsedEvent(index, null, notAnObject, raw, null, null, null);
        }

        var productId = PeekString(element, "product_id");
        var warehouseId = PeekString(element, "location") ?? PeekString(element, "warehouse_id");
        var sentEventId = PeekString(element, "event_id");

        var failure = TryRead(element, now, options, out var parsed);
        return failure is null
            ? new ParsedEvent(index, parsed, null, raw, parsed!.EventId, parsed.ProductId, parsed.WarehouseId)
            : new ParsedEvent(index, null, failure, raw, sentEventId, productId, warehouseId);
    }

    private static EventRejection? TryRead(JsonElement element, DateTimeOffset now, EventValidationOptions options, out InventoryEvent? result)
    {
        result = null;

        if (ReadRequiredString(element, "event", out var typeName) is { } typeError)
        {
            return typeError;
        }

        if (!InventoryEventTypes.TryParse(typeName, out var type))
        {
            return new EventRejection(RejectionCodes.UnknownEventType, "event",
                $"unknown event type '{EventRules.Shorten(typeName)}'; expected one of {string.Join(", ", InventoryEventTypes.WireNames)}");
        }

        if (ReadRequiredString(element, "product_id", out var productId) is { } productError)
        {
            return productError;
        }

        if (ReadWarehouse(element, out var warehouseId) is { } warehouseError)
        {
            return warehouseError;
        }

        if (ReadQuantity(element, options, out var quantity) is { } quantityError)
        {
            return quantityError;
        }

        if (ReadTimestamp(element, "timestamp", out var timestamp) is { } timestampError)
        {
            return timestampError;
        }

        if (ReadOptionalString(element, "event_id", out var eventId) is { } eventIdError)
        {
            return eventIdError;
        }

        if (ReadOptionalString(element, "device_id", out var deviceId) is { } deviceError)
        {
            return deviceError;
        }

        if (ReadOptionalString(element, "reference", out var reference) is { } referenceError)
        {
            return referenceError;
        }

        if (ReadOptionalString(element, "reason", out var reason) is { } reasonError)
        {
            return reasonError;
        }

        if (ReadOptionalString(element, "destination", out var destination) is { } destinationError)
        {
            return destinationError;
        }

        DateTimeOffset? expectedArrival = null;
        if (element.TryGetProperty("expected_arrival", out var arrival) && arrival.ValueKind != JsonValueKind.Null)
        {
            if (ReadTimestamp(element, "expected_arrival", out var parsedArrival) is { } arrivalError)
            {
                return arrivalError;
            }

            expectedArrival = parsedArrival;
        }

        if (ReadOptionalInt(element, "ttl_seconds", out var ttlSeconds) is { } ttlError)
        {
            return ttlError;
        }

        eventId ??= EventIdentity.Derive(type, productId, warehouseId, quantity, timestamp, deviceId, reference);
        var candidate = new InventoryEvent(eventId, type, productId, warehouseId, quantity, timestamp, deviceId, reference, reason,
            destination, expectedArrival, ttlSeconds);
        if (EventRules.Check(candidate, now, options) is { } ruleError)
        {
            return ruleError;
        }

        result = candidate;
        return null;
    }

    private static EventRejection? ReadWarehouse(JsonElement element, out string warehouseId)
    {
        warehouseId = string.Empty;
        var hasLocation = element.TryGetProperty("location", out var location) && location.ValueKind != JsonValueKind.Null;
        var hasWarehouse = element.TryGetProperty("warehouse_id", out var warehouse) && warehouse.ValueKind != JsonValueKind.Null;
        if (!hasLocation && !hasWarehouse)
        {
            return new EventRejection(RejectionCodes.MissingField, "location", "required (the warehouse id; 'warehouse_id' is accepted too)");
        }

        if (hasLocation && ReadRequiredString(element, "location", out warehouseId) is { } locationError)
        {
            return locationError;
        }

        if (hasWarehouse)
        {
            if (ReadRequiredString(element, "warehouse_id", out var fromWarehouseField) is { } warehouseError)
            {
                return warehouseError;
            }

            if (hasLocation && !string.Equals(fromWarehouseField, warehouseId, StringComparison.Ordinal))
            {
                return new EventRejection(RejectionCodes.InvalidValue, "warehouse_id",
                    $"'{fromWarehouseField}' differs from location '{warehouseId}'; send one, or the same value in both");
            }

            warehouseId = fromWarehouseField;
        }

        return null;
    }

    private static EventRejection? ReadQuantity(JsonElement element, EventValidationOptions options, out long quantity)
    {
        quantity = 0;
        if (!element.TryGetProperty("quantity", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new EventRejection(RejectionCodes.MissingField, "quantity", "required");
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return new EventRejection(RejectionCodes.WrongType, "quantity", $"must be a number, got {Describe(value.ValueKind)}");
        }

        if (value.TryGetInt64(out quantity))
        {
            return null;
        }

        // 5.0 and 1e2 are whole numbers in JSON's eyes; 5.5 is not; 1e30 fits no counter.
        if (!value.TryGetDecimal(out var number) || number > long.MaxValue || number < long.MinValue)
        {
            return new EventRejection(RejectionCodes.InvalidValue, "quantity",
                $"{EventRules.Shorten(value.GetRawText())} is out of range; at most {options.MaxQuantity}");
        }

        if (decimal.Truncate(number) != number)
        {
            return new EventRejection(RejectionCodes.InvalidValue, "quantity", $"must be a whole number, got {EventRules.Shorten(value.GetRawText())}");
        }

        quantity = (long)number;
        return null;
    }

    private static EventRejection? ReadTimestamp(JsonElement element, string field, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (ReadRequiredString(element, field, out var text) is { } error)
        {
            return error;
        }

        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
        {
            return new EventRejection(RejectionCodes.InvalidValue, field,
                $"'{EventRules.Shorten(text)}' is not an ISO 8601 / RFC 3339 time with a zone, like 2026-02-16T10:00:00Z");
        }

        timestamp = timestamp.ToUniversalTime();
        return null;
    }

    private static EventRejection? ReadRequiredString(JsonElement element, string field, out string value)
    {
        value = string.Empty;
        if (!element.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return new EventRejection(RejectionCodes.MissingField, field, "required");
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            return new EventRejection(RejectionCodes.WrongType, field, $"must be a string, got {Describe(property.ValueKind)}");
        }

        value = property.GetString()!;
        return null;
    }

    private static EventRejection? ReadOptionalString(JsonElement element, string field, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            return new EventRejection(RejectionCodes.WrongType, field, $"must be a string, got {Describe(property.ValueKind)}");
        }

        value = property.GetString();
        return null;
    }

    private static EventRejection? ReadOptionalInt(JsonElement element, string field, out int? value)
    {
        value = null;
        if (!element.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (property.ValueKind != JsonValueKind.Number)
        {
            return new EventRejection(RejectionCodes.WrongType, field, $"must be a number, got {Describe(property.ValueKind)}");
        }

        if (!property.TryGetInt32(out var number))
        {
            return new EventRejection(RejectionCodes.InvalidValue, field, $"must be a whole number of seconds, got {EventRules.Shorten(property.GetRawText())}");
        }

        value = number;
        return null;
    }

    private static string? PeekString(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
