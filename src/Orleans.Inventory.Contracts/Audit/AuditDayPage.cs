namespace Orleans.Inventory.Audit;

/// <summary>
/// Records of one day in time order. <see cref="Next"/> is the cursor after the last row read (null when the range
/// of the day is exhausted): the limit was reached or the scan budget spent.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.audit-day-page.v1")]
public sealed record AuditDayPage(
    [property: Id(0)] IReadOnlyList<AuditRecord> Records,
    [property: Id(1)] string? Next,
    [property: Id(2)] int Scanned);
