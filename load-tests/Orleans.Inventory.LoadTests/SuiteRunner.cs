using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Runs one phase: the scenarios of the chosen set that belong to it, one after another, each wrapped in the same
/// bookkeeping (load average and the silos' storage counters before and after, failures kept as values), and adds
/// each result to the results file as soon as it is known; the report phase writes the markdown.
/// </summary>
internal static class SuiteRunner
{
    public static async Task<int> RunAsync(SuiteSettings settings, CancellationToken cancellation)
    {
        using var loggerFactory = Log.CreateFactory();
        var logger = loggerFactory.CreateLogger("Orleans.Inventory.LoadTests.Suite");

        if (settings.Phase == "report")
        {
            string path = await SuiteReport.WriteAsync(settings, SuiteResults.Read(settings.ResultsFile));
            Log.ReportWritten(logger, Path.GetFullPath(path));
            return 0;
        }

        using var api = new StockApi(settings.Baseline);
        var silos = Enumerable.Range(0, settings.Baseline.Silos).Select(settings.Baseline.HttpBase).ToArray();
        var metrics = new MetricsScraper(api.Http, silos);
        var ingest = new IngestScenarios(settings, api, logger);
        var http = new HttpScenarios(settings, api, logger);
        string profile = settings.Phase;
        bool failed = false;

        async Task RunAsync(string scenario, string title, Func<ScenarioResult, Task> measure, bool countsStorage = true)
        {
            if (!settings.Runs(scenario))
            {
                return;
            }

            var result = new ScenarioResult { Id = scenario, Title = title, Profile = profile, StartedAt = DateTimeOffset.UtcNow, LoadBefore = MachineInfo.LoadAverage() };
            Log.ScenarioStarting(logger, $"{scenario} ({profile})", Durations.Format(settings.Baseline.Warmup), Durations.Format(settings.Baseline.Duration));
            var (before, why) = countsStorage && profile != "peer" ? await metrics.ReadAsync(cancellation) : (null, "not counted for this scenario");
            try
            {
                if (profile != "peer")
                {
                    await api.EnsureReadyAsync(cancellation);
                }

                await measure(result);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                result.Failure = $"{error.GetType().Name}: {error.Message}";
            }

            if (countsStorage && profile != "peer")
            {
                var (after, whyAfter) = await metrics.ReadAsync(cancellation);
                long events = (long)(result.Figure("events_applied") ?? 0);
                result.Storage = before is not null && after is not null
                    ? after.Since(before, events)
                    : StorageOperations.NotAvailable(why ?? whyAfter ?? "not available");
            }

            result.FinishedAt = DateTimeOffset.UtcNow;
            result.LoadAfter = MachineInfo.LoadAverage();
            failed |= result.Failure is not null;
            if (result.Failure is { } failure)
            {
                Log.ScenarioFailed(logger, scenario, failure);
            }
            else
            {
                Log.ScenarioMeasured(logger, scenario, string.Join(", ", result.Figures.Take(4).Select(f => $"{f.Key}={f.Value.ToString("0.##", CultureInfo.InvariantCulture)}")));
            }

            SuiteResults.Add(settings.ResultsFile, result);
        }

        switch (profile)
        {
            case "peer":
                await RunAsync("peer", "PostgreSQL 15 peer (pgbench)", r => PeerBenchmark.RunAsync(settings, r, logger, cancellation));
                break;

            case "embedded":
                await RunAsync("ingest", "Event Hubs ingest, sustained (closed model)", r => ingest.SustainedAsync(r, cancellation));
                await RunAsync("burst", "Event Hubs burst: SDK publish rate vs applied rate", r => ingest.BurstAsync(r, cancellation));
                await RunAsync("http", "HTTP ingest: POST /api/events", r => http.IngestAsync(r, cancellation));
                await RunAsync("get", "GET /api/stock rate", r => http.GetStockAsync(r, ingest.LastFleet, cancellation));
                // Last: a million activations stay in the silo's memory.
                await RunAsync("catalog", "Catalog: records on one silo, memory per record, a region of 100,000 products",
                    r => CatalogScenario.RunAsync(settings, api, r, logger, cancellation));
                break;

            case "durable":
                await RunAsync("ping", "Orleans ping (baseline)", async r => Baselines.Record(r, await PingBenchmark.RunAsync(settings.Baseline, cancellation), "calls"), countsStorage: false);
                await RunAsync("azurite", "Azurite single-entity upserts (baseline)", async r => Baselines.Record(r, await AzuriteUpsertBenchmark.RunAsync(settings.Baseline, cancellation), "upserts"), countsStorage: false);
                await RunAsync("ingest", "Event Hubs ingest, sustained (closed model)", r => ingest.SustainedAsync(r, cancellation));
                await RunAsync("hotkey", "Hot-key reservations on one product-at-warehouse", r => http.HotKeyAsync(r, cancellation));
                await RunAsync("get", "GET /api/stock rate", r => http.GetStockAsync(r, ingest.LastFleet, cancellation));
                if (settings.Runs("region") || settings.Runs("visible"))
                {
                    string id = settings.Runs("visible") ? "visible" : "region";
                    await RunAsync(id, "Latency at a fraction of the durable maximum (open model): device send -> visible, SKU change -> region total",
                        r => ingest.LatencyUnderLoadAsync(r, cancellation));
                }

                await RunAsync("overload", "Overload: a multiple of the durable maximum, open model", r => ingest.OverloadAsync(r, http, cancellation));
                break;
        }

        return failed ? 1 : 0;
    }
}
