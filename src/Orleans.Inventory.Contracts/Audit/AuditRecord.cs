namespace Orleans.Inventory.Audit;

/// <summary>
/// One entry of the audit feed: an administrative action (one record each, allowed or refused) or an aggregate of
/// denied attempts (401, 403, 429, a batch event outside the caller's warehouses) with their <see cref="Count"/>.
/// </summary>
/// <param name="Id">Unique within its day; with <see cref="Time"/> it is the record's key.</param>
/// <param name="Time">When it happened (an aggregate: the start of its minute), from the API's clock.</param>
/// <param name="Actor"><c>user:{sub}</c>, <c>client:{azp}</c> (as the ledger's <c>CallerContext</c>), or <c>anonymous</c>.</param>
/// <param name="Channel">Through what it came: <c>http</c>.</param>
/// <param name="Action">What was attempted (<see cref="AuditActions"/>).</param>
/// <param name="Target">The warehouse, region/product, webhook or route it was aimed at.</param>
/// <param name="Outcome"><c>ok</c> or <c>refused</c>.</param>
/// <param name="Reason">Why it was refused (<c>unauthenticated</c>, <c>forbidden</c>, <c>forbidden_warehouse</c>, <c>rate_limited</c>, <c>invalid</c>, ...); null when ok.</param>
/// <param name="Status">The HTTP status answered (0 for an event refused inside a 200 batch answer: see <see cref="Detail"/>).</param>
/// <param name="Count">How many attempts the record stands for: 1 for an action, the aggregate's count for denied attempts.</param>
/// <param name="Remote">The remote address of an anonymous caller (denied attempts are aggregated by it); else null.</param>
/// <param name="Detail">What else an auditor needs (a region change, the warehouse outside the scope); null if nothing.</param>
/// <param name="Truncated">True when a field was longer than <see cref="AuditRules.MaxFieldLength"/> and was cut.</param>
[GenerateSerializer, Immutable, Alias("inventory.audit-record.v1")]
public sealed record AuditRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Channel,
    [property: Id(4)] string Action,
    [property: Id(5)] string Target,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string? Reason,
    [property: Id(8)] int Status,
    [property: Id(9)] long Count,
    [property: Id(10)] string? Remote,
    [property: Id(11)] string? Detail,
    [property: Id(12)] bool Truncated);
