using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Stock;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger;

/// <summary>
/// Rebuilds a stock record from its ledger alone: runs every applied and superseded entry, in sequence order,
/// through the same rules the grain used, and checks each entry's outcome and change on the way.
/// </summary>
internal static class LedgerReplay
{
    public static async Task<StockRecord> ReplayAsync(StockKey key, IEnumerable<LedgerEntry> entries, TimeSpan latenessHorizon)
    {
        // With unbounded memory nothing is ever evicted, so replay never needs the ledger it is replaying.
        var options = new StockOptions { LatenessHorizon = latenessHorizon, RecentEventCapacity = int.MaxValue, RecentMemoryCapacity = int.MaxValue };
        var book = new StockBook(new StockState(), options, new ReservationOptions { MaxActivePerRecord = int.MaxValue, ClosedMemory = int.MaxValue });
        var expectedSequence = 1L;
        foreach (var entry in entries.OrderBy(entry => entry.Sequence))
        {
            if (entry.Sequence != expectedSequence++)
            {
                throw new LedgerConflictException($"Ledger {key} has a gap before sequence {entry.Sequence}.");
            }

            if (entry.Outcome is not (EventOutcome.Applied or EventOutcome.Superseded))
            {
                book.State.LastSequence++; // Duplicates and rejections changed nothing but took a sequence number.
                continue;
            }

            var replayed = await book.DecideAsync(ToEvent(key, entry), entry.RecordedAt, NoHistory.Instance);
            if (replayed.Outcome != entry.Outcome || replayed.QuantityChange != entry.QuantityChange || replayed.AvailableAfter != entry.AvailableAfter)
            {
                throw new LedgerConflictException(
                    $"Ledger {key} sequence {entry.Sequence}: recorded {entry.Outcome} {entry.QuantityChange:+#;-#;0} (available {entry.AvailableAfter}), replay decides {replayed.Outcome} {replayed.QuantityChange:+#;-#;0} (available {replayed.AvailableAfter}).");
            }
        }

        return book.ToRecord(key);
    }

    private static InventoryEvent ToEvent(StockKey key, LedgerEntry entry) =>
        new(entry.EventId, entry.EventType, key.ProductId, key.WarehouseId, entry.Quantity, entry.EventTime, entry.Source, entry.Reference,
            null, entry.Destination, entry.ExpectedArrival);

    private sealed class NoHistory : IStockHistory
    {
        public static readonly NoHistory Instance = new();

        public ValueTask<bool> WasDecidedAsync(string eventId, DateTimeOffset eventTime) =>
            throw new InvalidOperationException("Replay with unbounded memory never consults history.");

        public ValueTask<long> SumAppliedDeltasAsync(DateTimeOffset after, DateTimeOffset through) =>
            throw new InvalidOperationException("Replay with unbounded memory never consults history.");
    }
}
