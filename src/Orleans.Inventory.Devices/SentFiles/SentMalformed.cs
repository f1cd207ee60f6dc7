using Orleans.Inventory.Devices.Simulation;

namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>One deliberately malformed item as it was sent: a whole non-JSON body, or one bad array element.</summary>
internal sealed record SentMalformed(long Message, string DeviceId, string WarehouseId, MalformedKind Kind, bool Confirmed, string? TraceId, string Body);
