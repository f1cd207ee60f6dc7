using Orleans.Inventory.Security;

namespace Orleans.Inventory.Audit;

/// <summary>
/// One UTC day of the audit feed (key: <c>yyyy-MM-dd</c>, <see cref="AuditRules.DayOf"/>), stored as one partition of
/// the audit table, so a query by time range reads only its days. Holds no state of its own.
/// </summary>
public interface IAuditDayGrain : IGrainWithStringKey
{
    /// <summary>Stores the records (all of this day); a record already stored under its time and id is replaced.</summary>
    [CallerCheck]
    Task AppendAsync(IReadOnlyList<AuditRecord> records);

    /// <summary>Reads records of this day in time order (<see cref="AuditDayQuery"/>).</summary>
    Task<AuditDayPage> QueryAsync(AuditDayQuery query);
}
