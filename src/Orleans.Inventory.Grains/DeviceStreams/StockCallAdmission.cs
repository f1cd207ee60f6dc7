using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Bounds the device events this silo's stream consumers have in stock grain calls at once
/// (<see cref="DeviceStreamOptions.MaxEventsInFlight"/>), so an offered rate above what storage commits slows the
/// reading of Event Hubs (the backlog stays in the hub, where it is durable) instead of piling calls onto the stock
/// grains until they pass the response timeout. A call that times out is delivered again and decided again as a
/// duplicate: under overload that repeated work took most of the storage and the system applied a fraction of its
/// maximum (load-tests/reports/suite-20261202T075210Z.md: 19 events/s applied at 3x a 541 events/s maximum).
/// </summary>
/// <remarks>
/// A consumer waits for room before it calls, never while holding anything another call needs, so waiting cannot
/// deadlock. Waiters are bounded by the deliveries in flight (partitions x streams per partition, one delivery each)
/// and, as a second bound, by <see cref="MaxQueuedEvents"/>; a call refused by that bound fails its delivery, which
/// Orleans tries again after a back-off. The wait is measured (<c>inventory.device.admission.wait</c>).
/// </remarks>
public sealed class StockCallAdmission : IDisposable
{
    /// <summary>The most events that may wait for room at once (far above what the deliveries in flight can hold).</summary>
    public const int MaxQueuedEvents = 1_000_000;

    private readonly ConcurrencyLimiter _limiter;
    private readonly Histogram<double> _wait;
    private readonly Counter<long> _refused;

    public StockCallAdmission(IOptions<DeviceStreamOptions> options, IMeterFactory meterFactory)
    {
        Limit = options.Value.MaxEventsInFlight;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Limit,
            QueueLimit = MaxQueuedEvents,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _wait = meter.CreateHistogram<double>("inventory.device.admission.wait", "ms",
            "How long a device stream consumer waited for room before a stock call (the silo's bound on events in flight).",
            advice: new() { HistogramBucketBoundaries = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _refused = meter.CreateCounter<long>("inventory.device.admission.refused", "{call}",
            "Stock calls refused because too many events waited for room; their delivery is tried again.");
        meter.CreateObservableGauge("inventory.device.admission.in_flight",
            () => InFlight,
            "{event}", "Device events this silo has in stock calls now (at most the configured MaxEventsInFlight).");
        meter.CreateObservableGauge("inventory.device.admission.queued",
            () => Queued,
            "{event}", "Device events waiting for room before their stock call.");
    }

    /// <summary>The most events in stock calls at once on this silo.</summary>
    public int Limit { get; }

    /// <summary>Events in stock calls now.</summary>
    public int InFlight => Limit - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? Limit);

    /// <summary>Events waiting for room now.</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Waits until <paramref name="events"/> events fit (a call larger than the whole bound waits for all of it);
    /// dispose the answer when the call has ended. Throws <see cref="DeviceDeliveryException"/> when the wait queue is full.
    /// </summary>
    public async ValueTask<RateLimitLease> EnterAsync(int events)
    {
        var started = Stopwatch.GetTimestamp();
        var lease = await _limiter.AcquireAsync(Math.Clamp(events, 1, Limit));
        _wait.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            _refused.Add(1);
            throw new DeviceDeliveryException(
                $"{events} device event(s) could not wait for room: more than {MaxQueuedEvents} events already wait for this silo's {Limit} in flight; the delivery is tried again.");
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
