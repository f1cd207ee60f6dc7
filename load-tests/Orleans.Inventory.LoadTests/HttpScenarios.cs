using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>The HTTP API under load: batch ingest, GET stock, hot-key reservations (closed models), and the probes the overload uses.</summary>
internal sealed class HttpScenarios(SuiteSettings settings, StockApi api, ILogger logger)
{
    private readonly Fleet _overloadPosts = new($"{settings.Baseline.RunId}-{settings.Phase[0]}overpost", settings.Baseline.Warehouses, settings.Keys, settings.Devices, settings.ZipfSkew, settings.Seed);

    private BaselineSettings B => settings.Baseline;

    /// <summary><c>--http-callers</c> callers each POST a <c>--http-batch</c>-event array, one after another; latency per request.</summary>
    public async Task IngestAsync(ScenarioResult result, CancellationToken cancellation)
    {
        await api.EnsureWarehousesAsync(cancellation);
        var fleet = new Fleet($"{B.RunId}-{settings.Phase[0]}http", B.Warehouses, settings.Keys, settings.Devices, settings.ZipfSkew, settings.Seed);
        result.Model = $"closed: {settings.HttpCallers} callers, each POSTs {settings.HttpBatch} events (one warehouse, Zipf products over {fleet.KeyCount} keys) and waits for the answer";
        long applied = 0, duplicate = 0, rejected = 0, failedEvents = 0, counter = -1;
        var statuses = new ConcurrentDictionary<string, long>();
        var load = await ClosedLoop.RunAsync(settings.HttpCallers, B.Warmup, B.Duration, async (_, _, ct) =>
        {
            var message = fleet.Message(Interlocked.Increment(ref counter), settings.HttpBatch);
            using var response = await api.PostJsonAsync("api/events", EventHubsSender.Body(message.Events, alwaysArray: true), ct);
            statuses.AddOrUpdate($"POST {(int)response.StatusCode}", 1, (_, c) => c + 1);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
                Interlocked.Add(ref applied, json.RootElement.GetProperty("applied").GetInt32());
                Interlocked.Add(ref duplicate, json.RootElement.GetProperty("duplicate").GetInt32());
                Interlocked.Add(ref rejected, json.RootElement.GetProperty("rejected").GetInt32());
                Interlocked.Add(ref failedEvents, json.RootElement.GetProperty("failed").GetInt32());
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST /api/events answered {(int)response.StatusCode}", null, response.StatusCode);
            }
        }, cancellation);
        result.Figures["requests_per_second"] = load.PerSecond;
        result.Figures["events_per_second"] = load.PerSecond * settings.HttpBatch;
        result.Figures["requests_in_window"] = load.Completed;
        result.Figures["request_errors"] = load.Errors;
        result.Figures["events_applied"] = Interlocked.Read(ref applied);
        result.Figures["events_duplicate"] = Interlocked.Read(ref duplicate);
        result.Figures["events_rejected"] = Interlocked.Read(ref rejected);
        result.Figures["events_failed"] = Interlocked.Read(ref failedEvents);
        foreach (var (status, count) in statuses)
        {
            result.Figures[$"status {status}"] = count;
        }

        if (load.Latency is { } latency)
        {
            result.Latencies["per request"] = latency;
        }

        if (load.FirstError is { } error)
        {
            result.Notes.Add($"First error: {error}");
        }

        result.Check("every event applied", rejected == 0 && failedEvents == 0 && duplicate == 0,
            $"{applied} applied, {duplicate} duplicate, {rejected} rejected, {failedEvents} failed (all events are distinct additions on registered warehouses)");
    }

    /// <summary><c>--get-callers</c> callers read popular keys (of the last ingest fleet, when there is one).</summary>
    public async Task GetStockAsync(ScenarioResult result, Fleet? fleet, CancellationToken cancellation)
    {
        fleet ??= new Fleet($"{B.RunId}-{settings.Phase[0]}get", B.Warehouses, settings.Keys, settings.Devices, settings.ZipfSkew, settings.Seed);
        result.Model = $"closed: {settings.GetCallers} callers, GET /api/stock/{{w}}/{{p}} on Zipf-popular keys of {fleet.KeyCount}{(fleet.SentTotal > 0 ? " (the ingest scenario's keys)" : " (never written: zero records)")}, round robin over the silos";
        var randoms = Enumerable.Range(0, settings.GetCallers).Select(i => new Random(settings.Seed + i)).ToArray();
        var load = await ClosedLoop.RunAsync(settings.GetCallers, B.Warmup, B.Duration, async (worker, _, ct) =>
        {
            var (warehouse, product) = fleet.Key(fleet.PopularKey(randoms[worker]));
            await api.GetStockAsync(warehouse, product, ct);
        }, cancellation);
        Baselines.Record(result, load, "reads");
        result.Figures["gets_per_second"] = load.PerSecond;
    }

    /// <summary>
    /// <c>--hotkey-callers</c> callers reserve 1 unit each on ONE product-at-warehouse (stocked with 1,000,000 units first),
    /// one reservation after another; then the record's reserved total must equal the reservations granted.
    /// </summary>
    public async Task HotKeyAsync(ScenarioResult result, CancellationToken cancellation)
    {
        await api.EnsureWarehousesAsync(cancellation);
        string warehouse = B.Warehouses[0];
        string product = $"{B.RunId}-{settings.Phase[0]}hot";
        const long Stock = 1_000_000;
        var seed = new InventoryEvent($"{product}-stock", InventoryEventType.ItemAdded, product, warehouse, Stock, DateTimeOffset.UtcNow, DeviceId: "loadtest");
        using (var stocked = await api.PostJsonAsync("api/events", EventHubsSender.Body([seed], alwaysArray: true), cancellation))
        {
            stocked.EnsureSuccessStatusCode();
        }

        result.Model = $"closed: {settings.HotKeyCallers} callers, each POSTs /api/stock/{warehouse}/{product}/reservations (quantity 1, ttl 1 h) and waits";
        long granted = 0, refused = 0, grantedInWindow = 0;
        string? firstRefusal = null;
        long windowStart = Stopwatch.GetTimestamp() + ClosedLoop.Ticks(B.Warmup);
        long windowEnd = windowStart + ClosedLoop.Ticks(B.Duration);
        string path = $"{StockApi.StockPath(warehouse, product)}/reservations";
        var load = await ClosedLoop.RunAsync(settings.HotKeyCallers, B.Warmup, B.Duration, async (worker, n, ct) =>
        {
            string body = JsonSerializer.Serialize(new Dictionary<string, object> { ["reservation_id"] = $"r{worker}-{n}", ["quantity"] = 1, ["ttl_seconds"] = 3600 });
            using var response = await api.PostJsonAsync(path, System.Text.Encoding.UTF8.GetBytes(body), ct);
            long now = Stopwatch.GetTimestamp();
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    Interlocked.Increment(ref granted);
                    if (now >= windowStart && now <= windowEnd)
                    {
                        Interlocked.Increment(ref grantedInWindow);
                    }

                    break;
                case HttpStatusCode.Conflict:
                    Interlocked.Increment(ref refused);
                    Interlocked.CompareExchange(ref firstRefusal, await response.Content.ReadAsStringAsync(ct), null);
                    break;
                default:
                    throw new HttpRequestException($"POST reservations answered {(int)response.StatusCode}", null, response.StatusCode);
            }
        }, cancellation);
        var record = await api.GetStockAsync(warehouse, product, cancellation);
        result.Figures["decisions_per_second"] = load.PerSecond;
        result.Figures["reservations_per_second"] = Interlocked.Read(ref grantedInWindow) / B.Duration.TotalSeconds;
        result.Figures["granted"] = Interlocked.Read(ref granted);
        result.Figures["refused"] = Interlocked.Read(ref refused);
        result.Figures["errors"] = load.Errors;
        result.Figures["reserved_quantity"] = record.Reserved;
        result.Figures["events_applied"] = Interlocked.Read(ref granted) + Interlocked.Read(ref refused);
        if (load.Latency is { } latency)
        {
            result.Latencies["per reservation"] = latency;
        }

        result.Check("reserved total = granted", record.Reserved == Interlocked.Read(ref granted),
            $"reserved_quantity {record.Reserved}, reservations granted (201) {Interlocked.Read(ref granted)}");
        if (firstRefusal is not null)
        {
            result.Notes.Add($"{refused} reservations were refused (409); the first answer: `{Cell(firstRefusal)}`. `reservations_per_second` counts only those granted in the window.");
        }

        if (load.FirstError is { } error)
        {
            result.Notes.Add($"{load.Errors} errors; first: {error}");
        }

        Log.ScenarioMeasured(logger, "hotkey", $"{granted} granted, {refused} refused");
    }

    /// <summary>One GET that must answer 2xx; counts the status under <paramref name="label"/>.</summary>
    public async Task<bool> GetOkAsync(string path, ConcurrentDictionary<string, long> statuses, string label, CancellationToken cancellation)
    {
        using var response = await api.Http.GetAsync(api.Next(path), cancellation);
        statuses.AddOrUpdate($"{label} {(int)response.StatusCode}", 1, (_, c) => c + 1);
        return response.IsSuccessStatusCode;
    }

    /// <summary>One POST of a batch of the overload's own keys (not part of its exactly-once check); counts the status.</summary>
    public async Task<bool> PostBatchAsync(long n, ConcurrentDictionary<string, long> statuses, CancellationToken cancellation)
    {
        var message = _overloadPosts.Message(n, settings.HttpBatch);
        using var response = await api.PostJsonAsync("api/events", EventHubsSender.Body(message.Events, alwaysArray: true), cancellation);
        statuses.AddOrUpdate($"POST {(int)response.StatusCode}", 1, (_, c) => c + 1);
        return response.IsSuccessStatusCode;
    }

    private static string Cell(string text) => (text.Length > 300 ? text[..300] + "..." : text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
