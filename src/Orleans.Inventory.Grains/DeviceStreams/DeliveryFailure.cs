namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>How often, since when and why one message's delivery has failed (kept by its consumer while it fails).</summary>
internal sealed record DeliveryFailure(int Attempts, DateTimeOffset FirstFailedAt, Exception LastError);
