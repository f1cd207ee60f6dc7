namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>A message read from a partition whose consumer has not reported it done yet.</summary>
public readonly record struct OpenMessage(long SequenceNumber, string Offset, DateTimeOffset ReadAt);
