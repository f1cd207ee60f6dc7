using Orleans.Inventory.Events;

namespace Orleans.Inventory;

/// <summary>The outcome of one event at its stock grain, with the record as it stood after it.</summary>
/// <param name="Why">Why it was not applied (superseded or rejected); null when applied or a duplicate.</param>
[GenerateSerializer, Immutable, Alias("inventory.event-result.v1")]
public sealed record EventResult(
    [property: Id(0)] string EventId,
    [property: Id(1)] EventOutcome Outcome,
    [property: Id(2)] EventRejection? Why,
    [property: Id(3)] long Sequence,
    [property: Id(4)] StockRecord Stock);
