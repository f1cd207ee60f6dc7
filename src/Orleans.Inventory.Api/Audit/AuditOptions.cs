namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// The audit feed's bounds (<c>Inventory:Audit</c>): the write-behind queue, the aggregation of denied attempts and
/// what one <c>GET /api/audit</c> may read.
/// </summary>
public sealed class AuditOptions
{
    public const string SectionName = "Inventory:Audit";

    /// <summary>Records waiting to be written; past it a record is dropped and counted (<c>inventory.audit.dropped</c>).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Records sent to one day grain in one call.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>How often the denied-attempt counts are turned into records and queued.</summary>
    public TimeSpan FlushPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Distinct (minute, actor or remote address, route, reason) counts kept between flushes; attempts past it are
    /// counted in one <c>overflow</c> record per minute, with a warning and <c>inventory.audit.denied_overflow</c>.
    /// </summary>
    public int MaxDeniedKeys { get; set; } = 10_000;

    /// <summary>Attempts to write a batch before it is dropped (and counted), with a doubling wait from one second.</summary>
    public int WriteAttempts { get; set; } = 3;

    /// <summary>Records one query answers when it names no limit.</summary>
    public int DefaultLimit { get; set; } = 100;

    /// <summary>The most records one query answers.</summary>
    public int MaxLimit { get; set; } = 1_000;

    /// <summary>The most rows one query reads (filters by action and actor are applied to what was read); past it the answer carries <c>next</c>.</summary>
    public int MaxScan { get; set; } = 10_000;

    /// <summary>The longest time range (from .. to) of one query, in days.</summary>
    public int MaxDays { get; set; } = 31;
}
