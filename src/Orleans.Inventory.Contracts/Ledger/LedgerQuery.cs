namespace Orleans.Inventory.Ledger;

/// <summary>A ledger read: entries after a sequence number, within an event-time range, at most <see cref="Limit"/>.</summary>
/// <param name="From">Event time, inclusive; null for no lower bound.</param>
/// <param name="To">Event time, exclusive; null for no upper bound.</param>
/// <param name="After">Only entries with a larger sequence number (paging).</param>
[GenerateSerializer, Immutable, Alias("inventory.ledger-query.v1")]
public sealed record LedgerQuery(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] long After = 0,
    [property: Id(3)] int Limit = LedgerQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public bool Matches(LedgerEntry entry) =>
        entry.Sequence > After
        && (From is null || entry.EventTime >= From)
        && (To is null || entry.EventTime < To);
}
