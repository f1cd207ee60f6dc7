using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// The catalog run on one silo: <c>--catalog-records</c> product-at-warehouse records over <c>--catalog-warehouses</c>
/// fresh warehouses, 5 per fresh region (so a region holds records / warehouses products), each record created by one
/// <see cref="IStockGrain.ApplyAsync"/> through the gateway client. Memory per record = the silo's VmRSS growth
/// (/proc/&lt;pid&gt;/status) / records, and the GC heap growth when the silo exports a <c>gc_heap_size</c> gauge on
/// /metrics. Then the first region must answer: totals for sampled products, and its alerts (1 product in 100 is
/// stocked below the default low-stock threshold, so that many alerts are expected).
/// </summary>
internal static class CatalogScenario
{
    private const int Sampled = 200;

    public static async Task RunAsync(SuiteSettings settings, StockApi api, ScenarioResult result, ILogger logger, CancellationToken cancellation)
    {
        var b = settings.Baseline;
        int products = settings.CatalogRecords / settings.CatalogWarehouses;
        int records = products * settings.CatalogWarehouses;
        string prefix = $"{b.RunId}-cat";
        var warehouses = Enumerable.Range(0, settings.CatalogWarehouses).Select(i => $"{prefix}-w{i}").ToArray();
        string Region(int w) => $"{prefix}-r{w / 5}";
        foreach (var (warehouse, i) in warehouses.Select((w, i) => (w, i)))
        {
            await api.PutWarehouseAsync(warehouse, Region(i), cancellation);
        }

        result.Model = $"{records:N0} records ({settings.CatalogWarehouses} warehouses x {products:N0} products; regions of 5 warehouses), one IStockGrain.ApplyAsync(item_added) each through the gateway, {settings.CatalogConcurrency} in flight, stop after {Durations.Format(settings.CatalogTimeout)}";
        var metrics = new MetricsScraper(api.Http, [b.HttpBase(0)]);
        long rssBefore = Rss(settings.SiloPid);
        var (heapBefore, _) = await metrics.ReadAsync(cancellation);

        await using var host = await OrleansClientHost.StartAsync(b, cancellation);
        var client = host.Client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(settings.CatalogTimeout);
        long created = 0, failed = 0;
        long start = Stopwatch.GetTimestamp();
        var timestamp = DateTimeOffset.UtcNow;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, records), new ParallelOptions { MaxDegreeOfParallelism = settings.CatalogConcurrency, CancellationToken = timeout.Token }, async (r, _) =>
            {
                int w = r % settings.CatalogWarehouses, p = r / settings.CatalogWarehouses;
                string product = $"{prefix}-p{p}";
                var grain = client.GetGrain<IStockGrain>(new StockKey(warehouses[w], product).GrainKey);
                try
                {
                    await grain.ApplyAsync([new InventoryEvent($"{prefix}-e{r}", InventoryEventType.ItemAdded, product, warehouses[w], Quantity(p), timestamp, DeviceId: "catalog")]);
                    long done = Interlocked.Increment(ref created);
                    if (done % 100_000 == 0)
                    {
                        Log.ScenarioMeasured(logger, "catalog", $"{done:N0} records created");
                    }
                }
                catch (Exception) when (!timeout.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            result.Notes.Add($"**Stopped after {Durations.Format(settings.CatalogTimeout)}** (--catalog-timeout) with {created:N0} of {records:N0} records created.");
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        result.Figures["records_created"] = created;
        result.Figures["records_failed"] = failed;
        result.Figures["creates_per_second"] = created / seconds;
        result.Figures["create_seconds"] = seconds;
        result.Figures["region_products"] = products;
        result.Figures["events_applied"] = created;

        // Let derived work (region feeds) settle before memory and the region are read.
        var regionProducts = Enumerable.Range(0, Sampled).Select(i => (int)((long)i * products / Sampled)).Distinct().ToArray();
        string region = Region(0);
        long expectedTotal(int p) => Quantity(p) * 5;
        var settle = Stopwatch.StartNew();
        int correct = 0;
        while (settle.Elapsed < settings.DrainLimit)
        {
            correct = 0;
            foreach (int p in regionProducts)
            {
                correct += await api.GetRegionOnHandAsync(region, $"{prefix}-p{p}", cancellation) == expectedTotal(p) ? 1 : 0;
            }

            if (correct == regionProducts.Length)
            {
                break;
            }

            await Task.Delay(1000, cancellation);
        }

        long rssAfter = Rss(settings.SiloPid);
        var (heapAfter, heapWhy) = await metrics.ReadAsync(cancellation);
        if (rssBefore > 0 && rssAfter > 0 && created > 0)
        {
            result.Figures["rss_before_mib"] = rssBefore / 1024.0 / 1024.0;
            result.Figures["rss_after_mib"] = rssAfter / 1024.0 / 1024.0;
            result.Figures["rss_bytes_per_record"] = (double)(rssAfter - rssBefore) / created;
        }
        else
        {
            result.Notes.Add(settings.SiloPid is null ? "Working set: not measured (no --silo-pid)." : $"Working set: could not read /proc/{settings.SiloPid}/status.");
        }

        double heapDelta = (heapAfter?.GcHeap.Values.Sum() ?? 0) - (heapBefore?.GcHeap.Values.Sum() ?? 0);
        if (heapAfter is { GcHeap.Count: > 0 } && heapBefore is not null && created > 0)
        {
            result.Figures["gc_heap_bytes_per_record"] = heapDelta / created;
        }
        else
        {
            result.Notes.Add($"GC heap per record: {heapWhy ?? "not available (the silo's /metrics has no gc_heap_size gauge)"}; memory per record is the process working set (VmRSS from /proc/<pid>/status), which includes heap growth the GC has not returned.");
        }

        // Time to answer, once settled: the sampled totals and the alerts.
        var answers = LatencySummary.NewHistogram();
        foreach (int p in regionProducts)
        {
            long t = Stopwatch.GetTimestamp();
            await api.GetRegionOnHandAsync(region, $"{prefix}-p{p}", cancellation);
            answers.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(t).TotalMicroseconds));
        }

        // Every active alert, page by page (a page answers at most the region's MaxAlertsListed).
        var alertsWatch = Stopwatch.StartNew();
        int alerts = 0, alertPages = 0, alertsStatus = 200;
        var alertIds = new HashSet<string>(StringComparer.Ordinal);
        for (string? after = null; ;)
        {
            string query = after is null ? "" : $"?after={Uri.EscapeDataString(after)}";
            using var alertsResponse = await api.Http.GetAsync(api.Next($"api/regions/{Uri.EscapeDataString(region)}/alerts{query}"), cancellation);
            if (!alertsResponse.IsSuccessStatusCode)
            {
                alertsStatus = (int)alertsResponse.StatusCode;
                break;
            }

            using var page = System.Text.Json.JsonDocument.Parse(await alertsResponse.Content.ReadAsStringAsync(cancellation));
            alertPages++;
            foreach (var alert in page.RootElement.GetProperty("alerts").EnumerateArray())
            {
                alerts++;
                alertIds.Add(alert.GetProperty("id").GetString()!);
            }

            after = page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
            if (after is null || alertPages >= 10_000)
            {
                break;
            }
        }

        alertsWatch.Stop();
        long expectedAlerts = Enumerable.Range(0, products).LongCount(p => Quantity(p) * 5 < 10);
        if (LatencySummary.From(answers) is { } answered)
        {
            result.Latencies["GET /api/regions/{r}/stock/{p} (settled)"] = answered;
        }

        result.Figures["region_totals_correct"] = correct;
        result.Figures["region_totals_sampled"] = regionProducts.Length;
        result.Figures["region_settle_seconds"] = settle.Elapsed.TotalSeconds;
        result.Figures["alerts_answer_ms"] = alertsWatch.Elapsed.TotalMilliseconds;
        result.Figures["alerts"] = alerts;
        result.Figures["alert_pages"] = alertPages;
        result.Figures["alerts_expected"] = expectedAlerts;
        result.Check("records created", created == records, $"{created:N0} of {records:N0} in {seconds:0} s ({failed} failed calls)");
        result.Check("region answers its totals", correct == regionProducts.Length,
            $"{correct} of {regionProducts.Length} sampled products of region `{region}` ({products:N0} products over 5 warehouses) showed the right total after {settle.Elapsed.TotalSeconds:0} s");
        result.Check("region answers its alerts", alertsStatus == 200 && alerts >= expectedAlerts && alertIds.Count == alerts,
            $"GET alerts answered {(alertsStatus == 200 ? "every page" : $"{alertsStatus}")} in {alertsWatch.Elapsed.TotalMilliseconds:0} ms: {alerts} alerts ({alertIds.Count} distinct) in {alertPages} pages; {expectedAlerts} products are below the default threshold (10) by construction");
    }

    /// <summary>1 product in 100 gets 1 unit per warehouse (5 in its region: below the default threshold of 10), the rest 100.</summary>
    private static long Quantity(int product) => product % 100 == 0 ? 1 : 100;

    private static long Rss(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    string[] parts = line[6..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
