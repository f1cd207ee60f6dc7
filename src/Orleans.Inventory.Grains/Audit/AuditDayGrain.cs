using Orleans.Concurrency;
using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Grains.Audit;

/// <summary>One UTC day of the audit feed, in its partition of the audit table (<see cref="AuditStore"/>).</summary>
/// <remarks>
/// Reentrant: it holds no state, every call commits or reads through the table, and the silo's committer groups the
/// appends of one day into shared transactions.
/// </remarks>
[Reentrant]
internal sealed class AuditDayGrain(AuditStore store) : Grain, IAuditDayGrain
{
    private string Day => this.GetPrimaryKeyString();

    public Task AppendAsync(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count > AuditRules.MaxAppend)
        {
            throw new ArgumentException($"At most {AuditRules.MaxAppend} records per append, not {records.Count}.", nameof(records));
        }

        if (records.FirstOrDefault(r => AuditRules.DayOf(r.Time) != Day) is { } stranger)
        {
            throw new ArgumentException($"Record {stranger.Id} at {stranger.Time:O} is not of day {Day}.", nameof(records));
        }

        return records.Count == 0 ? Task.CompletedTask : store.AppendAsync(Day, records);
    }

    public Task<AuditDayPage> QueryAsync(AuditDayQuery query) => store.QueryAsync(Day, query);
}
