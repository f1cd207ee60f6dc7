using Orleans.Inventory.Events;

namespace Orleans.Inventory.Devices.Verification;

/// <summary>
/// The rules of DESIGN.md in closed form, written apart from the grain: on hand is the newest count (by time, then
/// event id, ordinal) plus every delta strictly later than it, or the sum of all deltas when there is no count.
/// One model for the property tests and for <c>verify</c>.
/// </summary>
public static class StockModel
{
    /// <summary>
    /// The stock record the rules give for <paramref name="distinctEvents"/> (each event once, all for one product at
    /// one warehouse), whatever order they were delivered in.
    /// </summary>
    /// <param name="distinctEvents">The events, each id once.</param>
    /// <returns>Available (never negative), the discrepancy (the shortfall a removal could not cover) and the newest event time.</returns>
    public static (long Available, long Discrepancy, DateTimeOffset? LastUpdated) Expect(IReadOnlyCollection<InventoryEvent> distinctEvents)
    {
        ArgumentNullException.ThrowIfNull(distinctEvents);
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
