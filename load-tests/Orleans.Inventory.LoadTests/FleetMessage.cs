using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>One device message of a <see cref="Fleet"/>: its events and the index of each event's key.</summary>
internal sealed record FleetMessage(string Warehouse, string DeviceId, IReadOnlyList<InventoryEvent> Events, int[] Keys);
