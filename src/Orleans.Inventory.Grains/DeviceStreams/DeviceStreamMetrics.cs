using System.Diagnostics.Metrics;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The device stream's instruments, on the <see cref="InventoryTelemetry.Name"/> meter: how deliveries are batched,
/// how long a device's event takes to become durable, what failed or was given up, and how far behind each
/// partition's checkpoint is (from this silo's <see cref="PartitionReadLog"/>).
/// </summary>
public sealed class DeviceStreamMetrics
{
    private readonly Histogram<int> _deliveryMessages;
    private readonly Histogram<int> _stockCallEvents;
    private readonly Histogram<double> _applyLatency;
    private readonly Histogram<double> _eventAge;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _poisonDeadLetters;
    private readonly Counter<long> _deliveriesAbandoned;
    private readonly Counter<long> _readLogOverflows;
    private readonly Counter<long> _progressReportsForgotten;
    private readonly Counter<long> _lagPollFailures;
    private readonly Counter<long> _forbiddenWarehouse;

    public DeviceStreamMetrics(IMeterFactory meterFactory, PartitionReadLog readLog, TimeProvider time)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _deliveryMessages = meter.CreateHistogram<int>("inventory.device.delivery.messages", "{message}",
            "Messages per delivery to a device stream consumer.", advice: new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _stockCallEvents = meter.CreateHistogram<int>("inventory.device.stock_call.events", "{event}",
            "Events per stock grain call made by the device stream consumer.", advice: new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        _applyLatency = meter.CreateHistogram<double>("inventory.device.apply.duration", "ms",
            "From a message's enqueue time in Event Hubs until its effects are durable.",
            advice: new() { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000] });
        _eventAge = meter.CreateHistogram<double>("inventory.device.event.age", "s",
            "From an event's own timestamp (the device's clock) until its effects are durable; an event stamped ahead of the silo's clock counts as 0.",
            advice: new() { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400] });
        _deliveryFailures = meter.CreateCounter<long>("inventory.device.delivery.failures", "{message}",
            "Messages whose delivery failed and will be tried again.");
        _poisonDeadLetters = meter.CreateCounter<long>("inventory.device.poison_dead_letters", "{message}",
            "Messages that kept failing, dead-lettered with partition, sequence number and body, and passed.");
        _deliveriesAbandoned = meter.CreateCounter<long>("inventory.device.deliveries_abandoned", "{delivery}",
            "Deliveries Orleans gave up on (MaxDeliveryTime passed, or the cache lost the messages); they hold the checkpoint.");
        _readLogOverflows = meter.CreateCounter<long>("inventory.device.read_log.overflows", "{partition}",
            "Partition reads that hit the open-message bound; their checkpoint cannot pass the last tracked message.");
        _progressReportsForgotten = meter.CreateCounter<long>("inventory.device.progress_reports.forgotten", "{report}",
            "Done-reports a stream progress grain forgot to stay within its bound.");
        meter.CreateObservableGauge("inventory.device.open_messages", () => readLog.ReadingPartitions()
            .Select(partition => new Measurement<int>(readLog.Status(partition).Open, new KeyValuePair<string, object?>("partition", partition))),
            "{message}", "Messages this silo read from a partition that are not yet done (the checkpoint waits on the oldest).");
        meter.CreateObservableGauge("inventory.device.checkpoint.lag", () => readLog.ReadingPartitions()
            .Select(partition => (partition, oldest: readLog.Status(partition).OldestOpen))
            .Select(p => new Measurement<double>(p.oldest is { } open ? (time.GetUtcNow() - open.ReadAt).TotalSeconds : 0,
                new KeyValuePair<string, object?>("partition", p.partition))),
            "s", "How long ago the oldest open message of a partition was read (0 when none is open).");
        _lagPollFailures = meter.CreateCounter<long>("inventory.device.partition.lag_poll_failures", "{request}",
            "Requests for a partition's last enqueued sequence number that failed or timed out (the lag gauge keeps the last answer).");
        meter.CreateObservableGauge("inventory.device.partition.lag", () => readLog.ReadingPartitions()
            .Select(partition => (partition, lag: readLog.Lag(partition)))
            .Where(p => p.lag is not null)
            .Select(p => new Measurement<long>(p.lag!.Value, new KeyValuePair<string, object?>("partition", p.partition))),
            "{message}", "Messages of a partition this silo reads that are not known done: Event Hubs' last enqueued sequence number minus the newest the checkpoint may move to.");
        _forbiddenWarehouse = meter.CreateCounter<long>("inventory.device.forbidden_events", "{event}",
            "Device events refused because their device is not bound to their warehouse (dead-lettered forbidden_warehouse and audited).");
        readLog.Overflowed += (_, _) => _readLogOverflows.Add(1);
    }

    public void Delivered(int messages) => _deliveryMessages.Record(messages);

    public void StockCall(int events) => _stockCallEvents.Record(events);

    public void Applied(TimeSpan sinceEnqueued) => _applyLatency.Record(Math.Max(0, sinceEnqueued.TotalMilliseconds));

    /// <summary>An event's effects are durable <paramref name="sinceEventTime"/> after its own timestamp.</summary>
    public void EventApplied(TimeSpan sinceEventTime) => _eventAge.Record(Math.Max(0, sinceEventTime.TotalSeconds));

    public void ForbiddenWarehouse(long events) => _forbiddenWarehouse.Add(events);

    public void DeliveryFailed(int messages) => _deliveryFailures.Add(messages);

    public void PoisonDeadLettered(string partition) => _poisonDeadLetters.Add(1, new KeyValuePair<string, object?>("partition", partition));

    public void DeliveryAbandoned(string reason) => _deliveriesAbandoned.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LagPollFailed(string partition) => _lagPollFailures.Add(1, new KeyValuePair<string, object?>("partition", partition));

    public void ProgressReportsForgotten(string partition, int count) =>
        _progressReportsForgotten.Add(count, new KeyValuePair<string, object?>("partition", partition));
}
