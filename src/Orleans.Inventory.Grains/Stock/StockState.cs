using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The persisted state of one stock grain. Bounded: <see cref="Recent"/> holds at most
/// <see cref="StockOptions.RecentEventCapacity"/> entries and <see cref="Outbox"/> at most
/// <see cref="StockOptions.MaxEventsPerWrite"/>; history lives in the ledger.
/// </summary>
[GenerateSerializer, Alias("inventory.stock-state.v1")]
public sealed class StockState
{
    /// <summary>The book balance of units on hand. May dip below zero inside the grain when removals outrun
    /// receipts; clients see it only as available/reserved (never negative) plus a discrepancy.</summary>
    [Id(0)] public long OnHand { get; set; }

    [Id(1)] public long Reserved { get; set; }

    [Id(2)] public long Version { get; set; }

    [Id(3)] public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>The sequence number of the last ledger entry written (gap-free from 1).</summary>
    [Id(4)] public long LastSequence { get; set; }

    [Id(5)] public CountMark? NewestCount { get; set; }

    /// <summary>The newest event time accepted; the lateness horizon is measured back from it.</summary>
    [Id(6)] public DateTimeOffset? HighWater { get; set; }

    /// <summary>Every applied or superseded event with a time after this is in <see cref="Recent"/>; older ones
    /// may only be in the ledger. Null while nothing was ever evicted.</summary>
    [Id(7)] public DateTimeOffset? Floor { get; set; }

    [Id(8)] public List<RecentEvent> Recent { get; set; } = [];

    /// <summary>Ledger entries committed with this state and not yet confirmed in the ledger store.</summary>
    [Id(9)] public List<LedgerEntry> Outbox { get; set; } = [];

    /// <summary>Whether the product index lists this warehouse for this product.</summary>
    [Id(10)] public bool Indexed { get; set; }
}
