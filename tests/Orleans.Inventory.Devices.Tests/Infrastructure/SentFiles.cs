using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Devices.Tests.Infrastructure;

/// <summary>Writes small sent files by hand, through the real writer.</summary>
internal static class SentFiles
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-10);

    public static async Task WriteAsync(string path, IReadOnlyList<(PlannedMessage Message, bool Confirmed)> messages)
    {
        await using var writer = SentFileWriter.Create(path);
        await writer.WriteHeaderAsync(new SentFileHeader("v1", 1, T0, T0, "inventory", 10, null, ["warehouse_A"], 1, 1, 1, 10, 0, 0, 0, 0));
        foreach (var (message, confirmed) in messages)
        {
            await writer.WriteMessageAsync(message, confirmed, traceId: null);
        }
    }

    public static PlannedItem Event(string id, InventoryEventType type, string product, long quantity, int minute, string warehouse = "warehouse_A") =>
        new(InventoryEventJson.Serialize(new InventoryEvent(id, type, product, warehouse, quantity, T0.AddMinutes(minute), "rfid-1")), id, false, false, null);

    public static PlannedItem NotJson(string text) => new(text, null, false, false, MalformedKind.NotJson);

    public static PlannedMessage Message(long number, params PlannedItem[] items) => new(number, "rfid-1", "warehouse_A", items);
}
