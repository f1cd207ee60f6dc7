using System.Diagnostics.Metrics;
using Orleans.Inventory.Api.LiveUpdates;

namespace Orleans.Inventory.Api.Telemetry;

/// <summary>
/// The API's own instruments on the <see cref="InventoryTelemetry.Name"/> meter: reservation requests by outcome at the
/// HTTP edge, and the live-update push (items, clients, how long after its commit a stock change reached the hub).
/// HTTP itself is measured by ASP.NET Core (<c>http.server.request.duration</c>).
/// </summary>
public sealed class ApiMetrics
{
    private readonly Counter<long> _reservations;
    private readonly Counter<long> _liveItems;
    private readonly Histogram<double> _pushDelay;

    public ApiMetrics(IMeterFactory meterFactory, LiveUpdateHub hub)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _reservations = meter.CreateCounter<long>("inventory.api.reservations", "{request}",
            "Reservation requests answered by the HTTP API, by operation (reserve, release, commit) and outcome (ok, conflict, not_found, invalid, unavailable, error).");
        _liveItems = meter.CreateCounter<long>("inventory.live.items", "{item}",
            "Items the live-update hub received from the cluster's streams, by event (stock_changed or the notification type).");
        _pushDelay = meter.CreateHistogram<double>("inventory.live.push_delay", "s",
            "From a stock grain's commit (the change's recorded_at) to its arrival at this process's live-update hub.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("inventory.live.clients", () => hub.ClientCount, "{client}", "Server-sent-event clients connected to this process.");
    }

    public void ReservationAnswered(string operation, int statusCode) =>
        _reservations.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", Outcome(statusCode)));

    public void LiveItem(string eventName) => _liveItems.Add(1, new KeyValuePair<string, object?>("event", eventName));

    public void StockChangeArrived(TimeSpan sinceCommit) => _pushDelay.Record(Math.Max(0, sinceCommit.TotalSeconds));

    private static string Outcome(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => "ok",
        404 => "not_found",
        409 => "conflict",
        400 or 413 or 422 => "invalid",
        503 => "unavailable",
        _ => "error",
    };
}
