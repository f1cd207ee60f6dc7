namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// How often, since when and why one message's delivery has failed (kept by its consumer while it fails). Only
/// failures that the stock grain or the dead-letter record threw count: a call that timed out may still have been
/// applied (a slow grain, not a poison message), and one that never reached a grain (a silo gone, an Orleans
/// exception) says nothing about the message; those keep it failing without counting towards poison.
/// </summary>
internal sealed record DeliveryFailure(int Attempts, DateTimeOffset? FirstFailedAt, Exception LastError);
