namespace Orleans.Inventory.Devices.Simulation;

/// <summary>One item of a message: an event (new or a re-sent copy) or a deliberately malformed one.</summary>
/// <param name="Json">The item's text exactly as it goes on the wire (for a not-JSON message, the whole body).</param>
/// <param name="EventId">The event id, for events and for malformed elements that carry one.</param>
/// <param name="Duplicate">A copy of an event sent before, with the same id and text.</param>
/// <param name="OutOfOrder">Back-dated: earlier than an event already sent for the same product at the warehouse.</param>
/// <param name="Malformed">Set when the item is malformed on purpose.</param>
internal sealed record PlannedItem(string Json, string? EventId, bool Duplicate, bool OutOfOrder, MalformedKind? Malformed);
