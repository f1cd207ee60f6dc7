using System.Text.Json;

namespace Orleans.Inventory.Events;

/// <summary>Writes an event back in its wire form (for dead-letter records and for senders such as the simulator).</summary>
public static class InventoryEventJson
{
    public static string Serialize(InventoryEvent inventoryEvent)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, inventoryEvent);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, InventoryEvent inventoryEvent)
    {
        writer.WriteStartObject();
        writer.WriteString("event_id", inventoryEvent.EventId);
        writer.WriteString("event", inventoryEvent.Type.ToWireName());
        writer.WriteString("product_id", inventoryEvent.ProductId);
        writer.WriteString("location", inventoryEvent.WarehouseId);
        writer.WriteNumber("quantity", inventoryEvent.Quantity);
        writer.WriteString("timestamp", inventoryEvent.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        WriteOptional(writer, "device_id", inventoryEvent.DeviceId);
        WriteOptional(writer, "reference", inventoryEvent.Reference);
        WriteOptional(writer, "reason", inventoryEvent.Reason);
        WriteOptional(writer, "destination", inventoryEvent.Destination);
        if (inventoryEvent.ExpectedArrival is { } arrival)
        {
            writer.WriteString("expected_arrival", arrival.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (inventoryEvent.TtlSeconds is { } ttl)
        {
            writer.WriteNumber("ttl_seconds", ttl);
        }
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
