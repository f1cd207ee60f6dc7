using Orleans.Inventory.Events;

namespace Orleans.Inventory.Ledger;

/// <summary>One decision of a stock grain, as kept in its append-only ledger.</summary>
/// <param name="Sequence">Gap-free, starting at 1, per product at warehouse.</param>
/// <param name="Quantity">The event's quantity as sent.</param>
/// <param name="QuantityChange">The change this entry made to on hand (0 unless applied).</param>
/// <param name="ReservedChange">The change this entry made to reserved (reservations; 0 otherwise).</param>
/// <param name="RecordedAt">When the grain decided (server clock).</param>
/// <param name="Source">The device or user that sent the event.</param>
/// <param name="Why">Why it was not applied (superseded or rejected); null when applied or a duplicate.</param>
[GenerateSerializer, Immutable, Alias("inventory.ledger-entry.v1")]
public sealed record LedgerEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string EventId,
    [property: Id(2)] InventoryEventType EventType,
    [property: Id(3)] long Quantity,
    [property: Id(4)] long QuantityChange,
    [property: Id(5)] long AvailableAfter,
    [property: Id(6)] long ReservedAfter,
    [property: Id(7)] long OnHandAfter,
    [property: Id(8)] long DiscrepancyAfter,
    [property: Id(9)] DateTimeOffset EventTime,
    [property: Id(10)] DateTimeOffset RecordedAt,
    [property: Id(11)] string Source,
    [property: Id(12)] string? Reference,
    [property: Id(13)] EventOutcome Outcome,
    [property: Id(14)] EventRejection? Why,
    [property: Id(15)] long ReservedChange = 0,
    [property: Id(16)] string? Destination = null,
    [property: Id(17)] DateTimeOffset? ExpectedArrival = null);
