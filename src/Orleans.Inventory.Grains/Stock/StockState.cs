using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;

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

    /// <summary>Active reservations by id; at most <see cref="ReservationOptions.MaxActivePerRecord"/>.</summary>
    [Id(11)] public Dictionary<string, ActiveReservation> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The newest closed reservations, oldest first; at most <see cref="ReservationOptions.ClosedMemory"/>.</summary>
    [Id(12)] public List<ClosedReservation> ClosedReservations { get; set; } = [];

    /// <summary>The region the last snapshot went to, so a warehouse that moves region leaves the old one.</summary>
    [Id(13)] public string? LastRegionId { get; set; }

    /// <summary>Notifications committed with this state and not yet published (outbox, like <see cref="Outbox"/>).</summary>
    [Id(14)] public List<Notification> PendingNotifications { get; set; } = [];

    /// <summary>Whether the durable reservation-expiry reminder is registered.</summary>
    [Id(15)] public bool ExpiryReminderActive { get; set; }

    /// <summary>The record changed since its region last heard of it.</summary>
    [Id(16)] public bool RegionFeedPending { get; set; }

    /// <summary>Applied or superseded transfer entries not yet reported to their transfer grains.</summary>
    [Id(17)] public List<LedgerEntry> PendingTransferReports { get; set; } = [];

    /// <summary>Whether the durable reminder that retries derived side effects is registered.</summary>
    [Id(18)] public bool RetryReminderActive { get; set; }

    /// <summary>The record changed since live views (the stock-change stream) last heard of it.</summary>
    [Id(19)] public bool StockChangePending { get; set; }
}
