using System.Text;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>One EventData to send: a device at one warehouse, its items, and the body built from them.</summary>
internal sealed record PlannedMessage(long Number, string DeviceId, string WarehouseId, IReadOnlyList<PlannedItem> Items)
{
    /// <summary>A single item goes as one object (or its raw text); several as a JSON array.</summary>
    public string Body => Items.Count == 1 ? Items[0].Json : $"[{string.Join(',', Items.Select(i => i.Json))}]";

    public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);
}
