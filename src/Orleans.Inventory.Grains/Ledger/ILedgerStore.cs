using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger;

/// <summary>
/// The append-only history of every stock record, kept apart from grain state. Per <see cref="StockKey"/>, entries
/// carry a gap-free sequence from 1. Appends are idempotent by sequence, so an outbox may be flushed again after
/// a crash; an append that would leave a gap, or rewrite a sequence with another event, is refused.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Appends entries (consecutive sequences). Entries already stored with the same event id are skipped.</summary>
    /// <exception cref="LedgerConflictException">A gap, or a sequence already held by another event.</exception>
    Task AppendAsync(StockKey key, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries in sequence order matching <paramref name="query"/>.</summary>
    Task<LedgerPage> ReadAsync(StockKey key, LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every entry recorded for an event id, in sequence order (audit: what happened to this event).</summary>
    Task<IReadOnlyList<LedgerEntry>> FindByEventIdAsync(StockKey key, string eventId, CancellationToken cancellationToken = default);
}
