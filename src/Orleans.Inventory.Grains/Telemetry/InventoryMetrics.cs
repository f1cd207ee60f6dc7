using System.Diagnostics.Metrics;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>The grains' counters, on the <see cref="InventoryTelemetry.Name"/> meter.</summary>
public sealed class InventoryMetrics
{
    private readonly Counter<long> _events;
    private readonly Counter<long> _discrepancies;
    private readonly Counter<long> _derivedDropped;
    private readonly Counter<long> _regionRefused;
    private readonly Counter<long> _deviceMessages;
    private readonly Counter<long> _deviceDeadLetters;
    private readonly Counter<long> _deadLettersDropped;

    public InventoryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _events = meter.CreateCounter<long>("inventory.events", "{event}", "Events decided by stock grains, by outcome, rejection code, event type and warehouse (unknown for one not registered).");
        _discrepancies = meter.CreateCounter<long>("inventory.discrepancies", "{event}", "Removals the stock record could not cover.");
        _deviceMessages = meter.CreateCounter<long>("inventory.device.messages", "{message}", "Device stream messages whose effects are durable.");
        _deviceDeadLetters = meter.CreateCounter<long>("inventory.device.dead_letters", "{item}", "Unreadable device messages and invalid events in them, dead-lettered.");
        _regionRefused = meter.CreateCounter<long>("inventory.region.snapshots_refused", "{snapshot}",
            "Region snapshots a region refused for good (by reason); the stock grain does not retry them.");
        _deadLettersDropped = meter.CreateCounter<long>("inventory.dead_letters.dropped", "{letter}",
            "Dead letters dropped from the record to keep its bounds, by cause (principal_quota: the sender's own oldest; capacity: the shard's oldest).");
        _derivedDropped = meter.CreateCounter<long>("inventory.derived.dropped", "{notification}",
            "Pending notifications a stock record dropped because its derived work passed its bound while consumers failed.");
    }

    /// <param name="warehouseId">A registered warehouse's id, or null: ids from the wire are not tags until the registry knows them (bounded cardinality).</param>
    public void EventDecided(EventOutcome outcome, string? code, InventoryEventType type, string? warehouseId) =>
        _events.Add(1,
            new KeyValuePair<string, object?>("outcome", outcome.ToString()),
            new KeyValuePair<string, object?>("code", code),
            new KeyValuePair<string, object?>("type", type.ToWireName()),
            new KeyValuePair<string, object?>("warehouse", warehouseId ?? "unknown"));

    public void DiscrepancyRecorded() => _discrepancies.Add(1);

    public void DeadLettersDropped(string cause, int count) => _deadLettersDropped.Add(count, new KeyValuePair<string, object?>("cause", cause));

    public void DerivedDropped(int count) => _derivedDropped.Add(count);

    public void RegionSnapshotRefused(string reason) => _regionRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DeviceMessageDone(int deadLetters)
    {
        _deviceMessages.Add(1);
        if (deadLetters > 0)
        {
            _deviceDeadLetters.Add(deadLetters);
        }
    }
}
