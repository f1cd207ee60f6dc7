namespace Orleans.Inventory.Grains.Stock;

/// <summary>What a stock grain asks of its ledger when an event is older than what its state remembers.</summary>
internal interface IStockHistory
{
    /// <summary>Whether the event was applied or superseded before (a redelivery, which carries the same <paramref name="eventTime"/>).</summary>
    ValueTask<bool> WasDecidedAsync(string eventId, DateTimeOffset eventTime);

    /// <summary>The sum of the changes of applied deltas with event time in (<paramref name="after"/>, <paramref name="through"/>].</summary>
    ValueTask<long> SumAppliedDeltasAsync(DateTimeOffset after, DateTimeOffset through);
}
