using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>
/// The rows a commit of the entries added so far writes besides reservation rows, counted as the grain decides them
/// (so it seals a write before it outgrows one transaction): the state row, the ledger chunk, one time-index row per
/// minute of event time and one event-id row per entry that decides a grain-made id (<see cref="StockJournal.IsIndexedById"/>).
/// </summary>
internal sealed class CommitRows
{
    private readonly HashSet<DateTimeOffset> _minutes = [];
    private int _eventIds;
    private int _entries;

    public int Count => 1 + (_entries > 0 ? 1 : 0) + _minutes.Count + _eventIds;

    public void Add(LedgerEntry entry)
    {
        _entries++;
        _minutes.Add(StockJournalKeys.TimeBucket(entry.EventTime));
        if (StockJournal.IsIndexedById(entry))
        {
            _eventIds++;
        }
    }
}
