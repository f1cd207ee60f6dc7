using System.Security.Cryptography;
using System.Text;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// The rules of one stock record, free of Orleans: decides each event against <see cref="StockState"/> and
/// appends the decision as a ledger entry. The grain persists the result; replay runs the same code.
/// </summary>
/// <remarks>
/// On hand after any set of events is <c>newest count + sum of applied deltas later than it</c> (or the sum of
/// all deltas while no count exists), whatever order they arrived in:
/// <list type="bullet">
/// <item>A delta whose time is at or before the newest applied count is inside that count: superseded.</item>
/// <item>A count older than the newest applied count (time, then event id, ordinal) is superseded.</item>
/// <item>A newer count sets on hand to its quantity plus every applied delta later than it.</item>
/// </list>
/// Exactly once: a decided event's id is remembered (in <see cref="StockState.Recent"/>, else in the ledger) and a
/// redelivery answers <see cref="EventOutcome.Duplicate"/>.
/// </remarks>
internal sealed partial class StockBook
{
    private readonly StockState _state;
    private readonly StockOptions _options;
    private readonly ReservationOptions _reservationOptions;
    private readonly HashSet<UInt128> _recentIds;

    public StockBook(StockState state, StockOptions options, ReservationOptions reservationOptions)
    {
        _state = state;
        _options = options;
        _reservationOptions = reservationOptions;
        // Recent is kept in event-time order (oldest first), so eviction and the persisted window cut at an index.
        if (!IsInTimeOrder(state.Recent))
        {
            state.Recent = [.. state.Recent.OrderBy(recent => recent.Time)];
        }

        _recentIds = [.. state.Recent.Select(recent => recent.IdDigest)];
        foreach (var reservation in state.Reservations.Values)
        {
            _expiries.Add((reservation.ExpiresAt, reservation.ReservationId));
        }
    }

    public StockState State => _state;

    /// <summary>Units the books say are missing (never negative): what available + reserved cannot cover.</summary>
    public long Discrepancy => Split(_state.OnHand, _state.Reserved).Discrepancy;

    public StockRecord ToRecord(StockKey key)
    {
        var (available, discrepancy) = Split(_state.OnHand, _state.Reserved);
        return new StockRecord(key.ProductId, key.WarehouseId, available, _state.Reserved, _state.LastUpdated,
            _state.Version, available + _state.Reserved, discrepancy);
    }

    /// <summary>Decides one already-validated event, changes the state accordingly and returns its ledger entry.</summary>
    public async ValueTask<LedgerEntry> DecideAsync(InventoryEvent e, DateTimeOffset recordedAt, IStockHistory history)
    {
        var digest = Digest(e.EventId);
        if (_recentIds.Contains(digest)
            || (_state.Floor is { } floor && e.Timestamp <= floor && await history.WasDecidedAsync(e.EventId, e.Timestamp)))
        {
            return Record(e, recordedAt, Decision.Duplicate);
        }

        if (_state.HighWater is { } highWater && e.Timestamp < highWater - _options.LatenessHorizon)
        {
            return Record(e, recordedAt, Decision.Reject(RejectionCodes.TooLate, "timestamp",
                $"{e.Timestamp.UtcDateTime:O} is more than the lateness horizon ({_options.LatenessHorizon}) behind the newest event of this record ({highWater.UtcDateTime:O})"));
        }

        var decision = e.Type switch
        {
            InventoryEventType.StockCounted => await DecideCountAsync(e, history),
            InventoryEventType.ItemReserved => DecideReserve(e, recordedAt),
            InventoryEventType.ReservationReleased => DecideRelease(e, recordedAt),
            InventoryEventType.ReservationCommitted => DecideCommit(e, recordedAt),
            _ => DecideDelta(e),
        };

        if (decision.Outcome == EventOutcome.Duplicate)
        {
            return Record(e, recordedAt, decision);
        }

        if (decision.Outcome == EventOutcome.Applied)
        {
            _state.OnHand += decision.Change;
            _state.Reserved += decision.ReservedChange;
            _state.Version++;
            _state.ChangeSequence = _state.LastSequence + 1;
            _state.LastUpdated = _state.LastUpdated is { } last && last > e.Timestamp ? last : e.Timestamp;
        }

        if (decision.Outcome != EventOutcome.Rejected)
        {
            Remember(e, digest, decision.Outcome == EventOutcome.Applied && !e.Type.IsCount() ? decision.Change : 0);
        }

        return Record(e, recordedAt, decision);
    }

    /// <summary>Records an event refused before the rules ran (it broke a value rule).</summary>
    public LedgerEntry Reject(InventoryEvent e, DateTimeOffset recordedAt, EventRejection rejection) =>
        Record(e, recordedAt, new Decision(EventOutcome.Rejected, 0, 0, rejection));

    private Decision DecideDelta(InventoryEvent e) =>
        IsInsideNewestCount(e.Timestamp) is { } count
            ? Decision.Supersede($"the stock count at {count.Time.UtcDateTime:O} already includes this change")
            : Decision.Apply(e.Type.DeltaSign() * e.Quantity);

    /// <summary>The newest count when it already covers <paramref name="time"/> (a change then is inside it).</summary>
    private CountMark? IsInsideNewestCount(DateTimeOffset time) =>
        _state.NewestCount is { } count && time <= count.Time ? count : null;

    private async ValueTask<Decision> DecideCountAsync(InventoryEvent e, IStockHistory history)
    {
        var mark = new CountMark(e.Timestamp, e.EventId);
        if (_state.NewestCount is { } newest && !mark.IsNewerThan(newest))
        {
            return Decision.Supersede($"a newer stock count ({newest.Time.UtcDateTime:O}) is already applied");
        }

        var later = _state.Recent.Where(recent => recent.Time > e.Timestamp).Sum(recent => recent.Delta);
        if (_state.Floor is { } floor && e.Timestamp < floor)
        {
            later += await history.SumAppliedDeltasAsync(e.Timestamp, floor);
        }

        _state.NewestCount = mark;
        return Decision.Apply(e.Quantity + later - _state.OnHand);
    }

    private void Remember(InventoryEvent e, UInt128 digest, long delta)
    {
        _state.HighWater = _state.HighWater is { } highWater && highWater > e.Timestamp ? highWater : e.Timestamp;
        if (_state.Floor is { } floor && e.Timestamp <= floor)
        {
            return; // Below the floor the ledger is the record of this decision.
        }

        // Events mostly arrive in time order: the place is found from the end, usually at once.
        var recent = _state.Recent;
        var at = recent.Count;
        while (at > 0 && recent[at - 1].Time > e.Timestamp)
        {
            at--;
        }

        recent.Insert(at, new RecentEvent(digest, e.Timestamp, delta));
        _recentIds.Add(digest);
        Trim();
    }

    /// <summary>
    /// Keeps memory bounded: past <see cref="StockOptions.RecentMemoryCapacity"/> the oldest quarter of the remembered
    /// events (and any beyond the lateness horizon) is evicted in one pass, all of one event time at once so the floor
    /// invariant holds, and the floor rises to match.
    /// </summary>
    private void Trim()
    {
        var capacity = _options.RecentMemoryCapacity;
        if (_state.Recent.Count <= capacity || Cut(_state.Recent, capacity - (capacity / 4), HorizonStart) is not var (drop, cut))
        {
            return;
        }

        foreach (var evicted in _state.Recent.Take(drop))
        {
            _recentIds.Remove(evicted.IdDigest);
        }

        _state.Recent.RemoveRange(0, drop);
        _state.Floor = _state.Floor is { } floor && floor > cut ? floor : cut;
    }

    private DateTimeOffset HorizonStart => _state.HighWater is { } highWater ? highWater - _options.LatenessHorizon : DateTimeOffset.MinValue;

    /// <summary>
    /// The state as it is persisted: the newest <see cref="StockOptions.RecentEventCapacity"/> remembered events
    /// (none beyond the lateness horizon) with the floor raised to match, and the count of active reservations (each
    /// is a row of its own, not part of the state); everything else is shared with the live state. The state row is
    /// rewritten by every commit, so it carries the small window and a new activation finds older decisions in the ledger.
    /// </summary>
    public StockState Persisted()
    {
        _state.ActiveReservationCount = _state.Reservations.Count;
        if (Cut(_state.Recent, _options.RecentEventCapacity, HorizonStart) is not var (drop, cut))
        {
            return _state;
        }

        var persisted = _state.ShallowCopy();
        persisted.Recent = _state.Recent.GetRange(drop, _state.Recent.Count - drop);
        persisted.Floor = _state.Floor is { } floor && floor > cut ? floor : cut;
        return persisted;
    }

    /// <summary>
    /// How many of the oldest events (<paramref name="recent"/> is in time order) must go so that at most
    /// <paramref name="keep"/> remain and none is before <paramref name="horizonStart"/>, ties at the cut included, and
    /// the event time of the last one to go; null when none must.
    /// </summary>
    private static (int Drop, DateTimeOffset Cut)? Cut(List<RecentEvent> recent, int keep, DateTimeOffset horizonStart)
    {
        var drop = Math.Max(0, recent.Count - keep);
        while (drop < recent.Count && recent[drop].Time < horizonStart)
        {
            drop++;
        }

        if (drop == 0)
        {
            return null;
        }

        var cut = recent[drop - 1].Time;
        while (drop < recent.Count && recent[drop].Time == cut)
        {
            drop++;
        }

        return (drop, cut);
    }

    private static bool IsInTimeOrder(List<RecentEvent> recent)
    {
        for (var i = 1; i < recent.Count; i++)
        {
            if (recent[i - 1].Time > recent[i].Time)
            {
                return false;
            }
        }

        return true;
    }

    private LedgerEntry Record(InventoryEvent e, DateTimeOffset recordedAt, Decision decision)
    {
        var (available, discrepancy) = Split(_state.OnHand, _state.Reserved);
        var applied = decision.Outcome == EventOutcome.Applied;
        return new LedgerEntry(++_state.LastSequence, e.EventId, e.Type, e.Quantity, applied ? decision.Change : 0, available,
            _state.Reserved, available + _state.Reserved, discrepancy, e.Timestamp, recordedAt, e.Source, e.Reference,
            decision.Outcome, decision.Why, applied ? decision.ReservedChange : 0, e.Destination, e.ExpectedArrival);
    }

    /// <summary>Available never goes below zero: what the book balance cannot cover shows as a discrepancy.</summary>
    private static (long Available, long Discrepancy) Split(long onHand, long reserved) =>
        (Math.Max(0, onHand - reserved), Math.Max(0, reserved - onHand));

    internal static UInt128 Digest(string eventId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(eventId), hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }
}
