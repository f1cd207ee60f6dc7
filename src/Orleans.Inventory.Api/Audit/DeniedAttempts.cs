using Orleans.Inventory.Audit;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// Denied attempts counted in memory per (minute, actor or remote address, route, reason) between flushes, so a flood
/// costs one counter, not one row per request. At most <c>maxKeys</c> distinct counts; attempts that find no room are
/// counted per minute as <see cref="AuditActions.Overflow"/>. Thread-safe (one lock; held for a dictionary update).
/// </summary>
internal sealed class DeniedAttempts(int maxKeys)
{
    private readonly object _gate = new();
    private Dictionary<DeniedAttempt, long> _counts = [];
    private Dictionary<DateTimeOffset, long> _overflow = [];

    /// <summary>The most distinct keys counted between flushes.</summary>
    public int MaxKeys => maxKeys;

    /// <summary>Counts <paramref name="count"/> attempts; false when the bound had no room for a new key (counted as overflow).</summary>
    public bool Add(DeniedAttempt attempt, long count)
    {
        lock (_gate)
        {
            if (_counts.TryGetValue(attempt, out var sofar))
            {
                _counts[attempt] = sofar + count;
                return true;
            }

            if (_counts.Count < maxKeys)
            {
                _counts[attempt] = count;
                return true;
            }

            _overflow[attempt.Minute] = _overflow.GetValueOrDefault(attempt.Minute) + count;
            return false;
        }
    }

    /// <summary>Everything counted since the last drain, as records (one per key, one overflow record per minute), and a fresh start.</summary>
    public List<AuditRecord> Drain()
    {
        Dictionary<DeniedAttempt, long> counts;
        Dictionary<DateTimeOffset, long> overflow;
        lock (_gate)
        {
            (counts, _counts) = (_counts, []);
            (overflow, _overflow) = (_overflow, []);
        }

        var records = new List<AuditRecord>(counts.Count + overflow.Count);
        records.AddRange(counts.Select(c => c.Key.ToRecord(c.Value)));
        records.AddRange(overflow.Select(o => new AuditRecord(NewId(), o.Key, "*", CallerContext.Http, AuditActions.AuthDenied, "*",
            AuditActions.Refused, AuditActions.Overflow, 0, o.Value, null,
            $"attempts past Inventory:Audit:MaxDeniedKeys ({maxKeys}) distinct keys in one flush", false)));
        return records;
    }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
