namespace Orleans.Inventory.Audit;

/// <summary>
/// What to read of one day: records with <see cref="From"/> &lt;= time &lt; <see cref="To"/>, after the cursor
/// <see cref="After"/> (a <see cref="AuditDayPage.Next"/>), matching <see cref="Action"/> and <see cref="Actor"/> when
/// given, at most <see cref="Limit"/> of them and reading at most <see cref="MaxScan"/> rows.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.audit-day-query.v1")]
public sealed record AuditDayQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string? After,
    [property: Id(3)] string? Action,
    [property: Id(4)] string? Actor,
    [property: Id(5)] int Limit,
    [property: Id(6)] int MaxScan);
