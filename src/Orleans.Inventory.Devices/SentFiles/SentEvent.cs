namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>One event copy as it was sent.</summary>
/// <param name="Message">The number of the message (EventData) that carried it.</param>
/// <param name="DeviceId">The sending device.</param>
/// <param name="WarehouseId">The warehouse (the partition key).</param>
/// <param name="Duplicate">A re-sent copy of an earlier event (same id and text).</param>
/// <param name="OutOfOrder">Back-dated before an event already sent for its product at its warehouse.</param>
/// <param name="Confirmed">False when its message's send finally failed: the hub may or may not hold it.</param>
/// <param name="TraceId">The W3C trace id of the <c>device.send</c> activity that carried it, when traced.</param>
/// <param name="Json">The event's wire text, exactly as sent.</param>
internal sealed record SentEvent(
    long Message, string DeviceId, string WarehouseId, bool Duplicate, bool OutOfOrder, bool Confirmed, string? TraceId, string Json);
