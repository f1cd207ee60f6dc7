using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// What the grain reads back from its ledger: old decisions (by the event-time index of the event's minute), sums for late counts and time
/// travel (by the event-time index). Reads never take the decision gate, so a long query does not hold up writes,
/// and each reads at most <see cref="StockOptions.MaxLedgerScan"/> entries.
/// </summary>
internal sealed partial class StockGrain
{
    public async Task<StockRecord> GetAsOfAsync(DateTimeOffset asOf)
    {
        var latest = clock.GetUtcNow() + validationOptions.Value.MaxClockSkew;
        if (asOf > latest)
        {
            throw new ArgumentException($"as_of {asOf.UtcDateTime:O} is in the future; the latest that can be asked is now plus the allowed clock skew ({latest.UtcDateTime:O}).", nameof(asOf));
        }

        var entries = await journal.ReadBeforeAsync(_key, null, asOf.AddTicks(1), stockOptions.Value.MaxLedgerScan);
        return StockAsOf.Compute(_key, entries, asOf);
    }

    async ValueTask<bool> IStockHistory.WasDecidedAsync(string eventId, DateTimeOffset eventTime)
    {
        if (Uncommitted().Any(entry => StockJournal.Decides(entry) && string.Equals(entry.EventId, eventId, StringComparison.Ordinal)))
        {
            return true;
        }

        return await journal.WasDecidedAsync(_key, eventId, eventTime, stockOptions.Value.MaxLedgerScan * 10);
    }

    async ValueTask<long> IStockHistory.SumAppliedDeltasAsync(DateTimeOffset after, DateTimeOffset through)
    {
        static bool Counts(LedgerEntry entry, DateTimeOffset after, DateTimeOffset through) =>
            entry.Outcome == EventOutcome.Applied && !entry.EventType.IsCount() && entry.EventTime > after && entry.EventTime <= through;

        // A late count must see every change in its window to be right, so this bound is wider than a query's: a
        // window holding more than it is refused (the count is rejected with the reason), never summed in part.
        var stored = await journal.ReadBeforeAsync(_key, after, through.AddTicks(1), stockOptions.Value.MaxLedgerScan * 10);
        return Uncommitted().Concat(stored).Where(entry => Counts(entry, after, through)).Sum(entry => entry.QuantityChange);
    }

    /// <summary>Entries decided and not yet written (their rows are not in the journal yet).</summary>
    private IEnumerable<LedgerEntry> Uncommitted() => _sealed.SelectMany(write => write.Entries).Concat(_open.Entries);
}
