using Orleans.Inventory.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>
/// The rules of DESIGN.md in closed form, written apart from the grain: on hand is the newest count (by time, then
/// event id, ordinal) plus every delta strictly later than it, or the sum of all deltas when there is no count.
/// </summary>
public static class StockModel
{
    public static (long Available, long Discrepancy, DateTimeOffset? LastUpdated) Expect(IReadOnlyCollection<InventoryEvent> distinctEvents)
    {
        var newestCount = distinctEvents
            .Where(e => e.Type.IsCount())
            .OrderBy(e => e.Timestamp)
            .ThenBy(e => e.EventId, StringComparer.Ordinal)
            .LastOrDefault();
        var deltas = distinctEvents.Where(e => !e.Type.IsCount() && (newestCount is null || e.Timestamp > newestCount.Timestamp));
        var onHand = (newestCount?.Quantity ?? 0) + deltas.Sum(e => e.Type.DeltaSign() * e.Quantity);
        DateTimeOffset? lastUpdated = distinctEvents.Count == 0 ? null : distinctEvents.Max(e => e.Timestamp);
        return (Math.Max(0, onHand), Math.Max(0, -onHand), lastUpdated);
    }
}
