using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>What the grain reads back from its ledger: old decisions, sums for late counts, and time travel.</summary>
internal sealed partial class StockGrain
{
    public async Task<StockRecord> GetAsOfAsync(DateTimeOffset asOf)
    {
        await FlushOutboxAsync();
        var entries = new List<LedgerEntry>();
        await foreach (var entry in ReadLedgerAsync(new LedgerQuery(To: asOf.AddTicks(1), Limit: LedgerQuery.MaxLimit)))
        {
            entries.Add(entry);
        }

        return StockAsOf.Compute(_key, entries, asOf);
    }

    async ValueTask<bool> IStockHistory.WasDecidedAsync(string eventId)
    {
        static bool Decided(LedgerEntry entry) => entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded;

        if (stock.State.Outbox.Any(entry => Decided(entry) && string.Equals(entry.EventId, eventId, StringComparison.Ordinal)))
        {
            return true;
        }

        var stored = await ledger.FindByEventIdAsync(_key, eventId);
        return stored.Any(Decided);
    }

    async ValueTask<long> IStockHistory.SumAppliedDeltasAsync(DateTimeOffset after, DateTimeOffset through)
    {
        static bool Counts(LedgerEntry entry, DateTimeOffset after, DateTimeOffset through) =>
            entry.Outcome == EventOutcome.Applied && !entry.EventType.IsCount() && entry.EventTime > after && entry.EventTime <= through;

        var sum = stock.State.Outbox.Where(entry => Counts(entry, after, through)).Sum(entry => entry.QuantityChange);
        await foreach (var entry in ReadLedgerAsync(new LedgerQuery(From: after, To: through.AddTicks(1), Limit: LedgerQuery.MaxLimit)))
        {
            if (Counts(entry, after, through))
            {
                sum += entry.QuantityChange;
            }
        }

        return sum;
    }

    private async IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(LedgerQuery query)
    {
        while (true)
        {
            var page = await ledger.ReadAsync(_key, query);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            if (page.NextAfter is not { } next)
            {
                yield break;
            }

            query = query with { After = next };
        }
    }
}
