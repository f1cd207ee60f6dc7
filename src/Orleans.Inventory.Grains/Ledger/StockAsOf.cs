using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger;

/// <summary>
/// The stock record as of an event time, from the ledger: the rules in closed form over the entries with event
/// time at or before it. On hand = the newest count at or before that time (applied or later superseded: it was
/// the newest then) plus every delta after it, whether applied or superseded by a count that came later; reserved
/// = the sum of the reservation changes; <c>last_updated</c> the newest of those changes and <c>version</c> their
/// number. Duplicates and rejections changed nothing and are left out.
/// </summary>
internal static class StockAsOf
{
    public static StockRecord Compute(StockKey key, IReadOnlyCollection<LedgerEntry> entries, DateTimeOffset asOf)
    {
        var decided = entries
            .Where(entry => entry.EventTime <= asOf && entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded)
            .ToList();
        var count = decided
            .Where(entry => entry.EventType.IsCount())
            .OrderBy(entry => entry.EventTime)
            .ThenBy(entry => entry.EventId, StringComparer.Ordinal)
            .LastOrDefault();
        var onHand = (count?.Quantity ?? 0) + decided
            .Where(entry => !entry.EventType.IsCount() && (count is null || entry.EventTime > count.EventTime))
            .Sum(entry => entry.EventType.DeltaSign() * entry.Quantity);
        var reserved = decided.Sum(entry => entry.ReservedChange);
        var available = Math.Max(0, onHand - reserved);

        // As of that time, a change later superseded by a count that had not happened yet was still in effect.
        return new StockRecord(key.ProductId, key.WarehouseId, available, reserved,
            decided.Count == 0 ? null : decided.Max(entry => entry.EventTime), decided.Count,
            available + reserved, Math.Max(0, reserved - onHand));
    }
}
