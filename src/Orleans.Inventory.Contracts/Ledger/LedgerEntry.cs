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
/// <param name="Actor">Who caused it, as established where it entered (<see cref="CallerContext"/>): <c>user:{subject}</c>,
/// <c>device:{device id}</c>, <c>system:expiry</c>, or <c>unidentified</c>; null in entries written before audit.</param>
/// <param name="Channel">Through what it came: <c>http</c>, <c>replay</c>, <c>stream</c>, <c>gateway</c>, <c>system</c>.</param>
/// <param name="Hash">The hash chain link: SHA-256 (hex) over the previous entry's hash and this entry's fields
/// (<c>LedgerChain</c> in the grains); null in entries written before the chain.</param>
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
    [property: Id(17)] DateTimeOffset? ExpectedArrival = null,
    [property: Id(18)] string? Actor = null,
    [property: Id(19)] string? Channel = null,
    [property: Id(20)] string? Hash = null);
