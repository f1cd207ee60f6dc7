namespace Orleans.Inventory.Devices.Simulation;

/// <summary>Messages of one device that go out together (one EventDataBatch to its publisher endpoint, partition key = the device).</summary>
internal sealed record SendUnit(string DeviceId, string WarehouseId, IReadOnlyList<PlannedMessage> Messages);
