using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The persisted state of one stock record, committed in one row with the ledger entries that produced it
/// (<see cref="Journal.StockJournal"/>). Bounded: <see cref="Recent"/> by <see cref="StockOptions.RecentEventCapacity"/>
/// as persisted (an activation keeps up to <see cref="StockOptions.RecentMemoryCapacity"/> in memory), closed
/// reservations by <see cref="ReservationOptions.ClosedMemory"/> (active ones are rows of their own), the derived work
/// waiting by <see cref="StockGrain.MaxPendingDerived"/>; history lives in the ledger. The worst case is computed by a
/// test against the row limit.
/// </summary>
[GenerateSerializer, Alias("inventory.stock-state.v2")]
public sealed class StockState
{
    /// <summary>The book balance of units on hand. May dip below zero inside the grain when removals outrun
    /// receipts; clients see it only as available/reserved (never negative) plus a discrepancy.</summary>
    [Id(0)] public long OnHand { get; set; }

    [Id(1)] public long Reserved { get; set; }

    [Id(2)] public long Version { get; set; }

    [Id(3)] public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>The sequence number of the last ledger entry (gap-free from 1).</summary>
    [Id(4)] public long LastSequence { get; set; }

    [Id(5)] public CountMark? NewestCount { get; set; }

    /// <summary>The newest event time accepted; the lateness horizon is measured back from it.</summary>
    [Id(6)] public DateTimeOffset? HighWater { get; set; }

    /// <summary>Every applied or superseded event with a time after this is in <see cref="Recent"/>; older ones
    /// may only be in the ledger. Null while nothing was ever evicted.</summary>
    [Id(7)] public DateTimeOffset? Floor { get; set; }

    [Id(8)] public List<RecentEvent> Recent { get; set; } = [];

    /// <summary>Whether the product index lists this warehouse for this product.</summary>
    [Id(10)] public bool Indexed { get; set; }

    /// <summary>
    /// Active reservations by id; at most <see cref="ReservationOptions.MaxActivePerRecord"/>. Not serialized: each is
    /// a row of its own in the record's partition (added by the write that grants it, deleted by the one that ends
    /// it), read back when the record activates; <see cref="ActiveReservationCount"/> says whether there are any.
    /// </summary>
    public Dictionary<string, ActiveReservation> Reservations
    {
        get => _reservations ??= new(StringComparer.Ordinal);
        set => _reservations = value;
    }

    [NonSerialized] private Dictionary<string, ActiveReservation>? _reservations;

    /// <summary>How many reservation rows the record holds (set when the state is written).</summary>
    [Id(25)] public int ActiveReservationCount { get; set; }

    /// <summary>The newest closed reservations, oldest first; at most <see cref="ReservationOptions.ClosedMemory"/>.</summary>
    [Id(12)] public List<ClosedReservation> ClosedReservations { get; set; } = [];

    /// <summary>The region the last snapshot went to, so a warehouse that moves region leaves the old one.</summary>
    [Id(13)] public string? LastRegionId { get; set; }

    /// <summary>Notifications committed with this state and not yet published, each with the sequence that made it.</summary>
    [Id(14)] public List<PendingNotification> PendingNotifications { get; set; } = [];

    /// <summary>Applied or superseded transfer entries not yet reported to their transfer grains.</summary>
    [Id(17)] public List<LedgerEntry> PendingTransferReports { get; set; } = [];

    /// <summary>Rejected entries (not business refusals) not yet in the dead-letter record.</summary>
    [Id(20)] public List<LedgerEntry> PendingDeadLetters { get; set; } = [];

    /// <summary>The sequence of the last entry that changed the quantities (what region and live views must catch up to).</summary>
    [Id(21)] public long ChangeSequence { get; set; }

    /// <summary>The change sequence the region has acknowledged.</summary>
    [Id(22)] public long RegionFedThrough { get; set; }

    /// <summary>The change sequence live views were last sent.</summary>
    [Id(23)] public long LiveFedThrough { get; set; }

    /// <summary>Whether a closed reservation was ever forgotten here, so a request for an unknown id must ask the ledger.</summary>
    [Id(24)] public bool ClosedForgotten { get; set; }

    /// <summary>The hash of the last ledger entry (the chain's head, <see cref="Ledger.LedgerChain"/>); null before the first chained entry.</summary>
    [Id(26)] public string? LedgerHead { get; set; }

    /// <summary>A copy that shares every list and dictionary with this one (for a persisted view that replaces some).</summary>
    internal StockState ShallowCopy() => (StockState)MemberwiseClone();
}
