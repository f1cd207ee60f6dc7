namespace Orleans.Inventory.Devices.Simulation;

/// <summary>Messages of one warehouse that go out together (one EventDataBatch, partition key = the warehouse).</summary>
internal sealed record SendUnit(string WarehouseId, IReadOnlyList<PlannedMessage> Messages);
