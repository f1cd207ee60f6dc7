using System.Diagnostics;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Entries decided in memory and waiting for their commit. While open it collects the decisions of every call that
/// arrives; sealing it captures the state they produced, and its one write answers all of their callers.
/// </summary>
internal sealed class PendingWrite
{
    public List<LedgerEntry> Entries { get; } = [];

    /// <summary>
    /// The activities of the calls whose decisions it holds: the write loop commits outside all of them, so its span
    /// links each (at most one per entry). Memory only: a trace is not state.
    /// </summary>
    public HashSet<ActivityContext> Callers { get; } = [];

    /// <summary>Rows the commit of the entries writes, besides reservation rows.</summary>
    public CommitRows Rows { get; } = new();

    /// <summary>Reservation rows to add (granted) or delete (null: ended), captured when sealed.</summary>
    public IReadOnlyList<KeyValuePair<string, ActiveReservation?>> ReservationRows { get; private set; } = [];

    /// <summary>Set when derived work was carried out and the state should say so with the next write.</summary>
    public bool Dirty { get; set; }

    public byte[]? State { get; private set; }

    public StockRecord? Record { get; private set; }

    public long Sequence { get; private set; }

    public long ChangeSequence { get; private set; }

    public bool IsEmpty => Entries.Count == 0 && !Dirty;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Seal(byte[] state, StockRecord record, long sequence, long changeSequence, IReadOnlyList<KeyValuePair<string, ActiveReservation?>> reservationRows)
    {
        State = state;
        ReservationRows = reservationRows;
        Record = record;
        Sequence = sequence;
        ChangeSequence = changeSequence;
    }
}
