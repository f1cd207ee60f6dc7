using System.Diagnostics.Metrics;

namespace Orleans.Inventory.Api.Telemetry;

/// <summary>
/// The audit feed's instruments on the <see cref="InventoryTelemetry.Name"/> meter: records written and dropped (by
/// cause), denied attempts the aggregation's bound had no room for, and the write-behind queue's length.
/// </summary>
public sealed class AuditMetrics
{
    private readonly Counter<long> _written;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _overflow;
    private long _queued;

    public AuditMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _written = meter.CreateCounter<long>("inventory.audit.written", "{record}", "Audit records stored.");
        _dropped = meter.CreateCounter<long>("inventory.audit.dropped", "{record}",
            "Audit records not stored, by cause: queue_full (Inventory:Audit:QueueCapacity) or write_failed (storage refused every attempt).");
        _overflow = meter.CreateCounter<long>("inventory.audit.denied_overflow", "{attempt}",
            "Denied attempts counted in the overflow record because Inventory:Audit:MaxDeniedKeys distinct keys were already counting.");
        meter.CreateObservableGauge("inventory.audit.queued", () => Volatile.Read(ref _queued), "{record}", "Audit records waiting to be written.");
    }

    public void Written(int records) => _written.Add(records);

    public void Dropped(string cause, int records) => _dropped.Add(records, new KeyValuePair<string, object?>("cause", cause));

    public void DeniedOverflow(long attempts) => _overflow.Add(attempts);

    public void Queued(int delta) => Interlocked.Add(ref _queued, delta);
}
