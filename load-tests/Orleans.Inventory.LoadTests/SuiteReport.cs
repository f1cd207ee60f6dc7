using System.Globalization;
using System.Text;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// The suite's markdown report: the issue's "done when" targets as rows with their figures, our rates divided by the
/// peer's, Azurite's and ping's, then every scenario with its model, rates, latency percentiles, checks, storage
/// operations per event and load average, then the machine.
/// </summary>
internal static class SuiteReport
{
    public static async Task<string> WriteAsync(SuiteSettings settings, IReadOnlyList<ScenarioResult> results)
    {
        var started = results.Count > 0 ? results.Min(r => r.StartedAt) : DateTimeOffset.UtcNow;
        var finished = results.Count > 0 ? results.Max(r => r.FinishedAt) : DateTimeOffset.UtcNow;
        var md = new StringBuilder();
        string stamp = started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load test suite {started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z{(settings.Baseline.Quick ? " — SMOKE RUN" : "")}");
        md.AppendLine();
        if (settings.Baseline.Quick)
        {
            md.AppendLine("> **SMOKE RUN (`--quick`)**: windows of seconds, small counts (a few thousand keys and catalog records, short overload). It proves the harness works end to end; its numbers are **not** measurements and its pass/fail rows judge nothing.");
            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"{settings.Baseline.Label ?? "unlabelled run"}; {started.UtcDateTime:HH:mm:ss}Z to {finished.UtcDateTime:HH:mm:ss}Z, {results.Count} scenario results, every phase on this one machine, one scenario after another. How each number is made: load-tests/README.md.");
        md.AppendLine();

        var find = (string id, string profile) => results.FirstOrDefault(r => r.Id == id && r.Profile == profile);
        var peer = find("peer", "peer");
        var ping = find("ping", "durable");
        var azurite = find("azurite", "durable");

        WriteTargets(md, find, peer, azurite);
        WriteRatios(md, results, peer, ping, azurite);
        md.AppendLine("## Scenarios");
        md.AppendLine();
        foreach (var result in results.OrderBy(r => r.StartedAt))
        {
            WriteScenario(md, result);
        }

        WriteSettings(md, settings);
        var machine = MachineInfo.Read();
        md.AppendLine("## Machine");
        md.AppendLine();
        MarkdownReport.WriteMachineRows(md, machine);
        md.AppendLine("| load average (1/5/15 min) | before and after each scenario, in its section |");
        md.AppendLine();
        md.AppendLine("## Caveats");
        md.AppendLine();
        md.AppendLine("- Load generator, silos, the Event Hubs emulator, Azurite and PostgreSQL share this machine's cores (not at once: the peer runs before any silo starts); a load average above the core count before a scenario means someone else was busy too.");
        md.AppendLine("- Azurite is one Node process that does not fsync per write; PostgreSQL runs with fsync on. Their rates bound ours differently: see the ratios.");
        md.AppendLine("- Visibility is read through the API (only keys still behind are read again), so those reads are part of the load.");

        Directory.CreateDirectory(settings.Baseline.ReportDirectory);
        string path = Path.Combine(settings.Baseline.ReportDirectory, $"suite-{stamp}{(settings.Baseline.Quick ? "-smoke" : "")}.md");
        await File.WriteAllTextAsync(path, md.ToString());
        Console.WriteLine(md.ToString());
        return path;
    }

    private static void WriteTargets(StringBuilder md, Func<string, string, ScenarioResult?> find, ScenarioResult? peer, ScenarioResult? azurite)
    {
        md.AppendLine("## Targets (issue 9, \"done when\")");
        md.AppendLine();
        md.AppendLine("| target | figures | result |");
        md.AppendLine("|---|---|---|");
        var durable = find("ingest", "durable");
        double? ingest = durable?.Figure("events_per_second");
        double? peerEvents = peer?.Figure("events_per_second");
        double? upserts = azurite?.Figure("per_second");
        Row(md, "durable ingest >= 1.0x peer events/s", $"{N(ingest)} / {N(peerEvents)} = {R(RateRatio.Of(ingest, peerEvents))}", Judge(RateRatio.Of(ingest, peerEvents), r => r >= 1.0));
        Row(md, "durable ingest >= 1.5x Azurite upserts/s", $"{N(ingest)} / {N(upserts)} = {R(RateRatio.Of(ingest, upserts))}", Judge(RateRatio.Of(ingest, upserts), r => r >= 1.5));
        Row(md, "durable ingest drained, exactly once", Checks(durable, "drained", "exactly once"), JudgeChecks(durable, "drained", "exactly once"));
        var hot = find("hotkey", "durable");
        double? reservations = hot?.Figure("reservations_per_second");
        double? peerHot = peer?.Figure("reservations_per_second");
        Row(md, "hot-key reservations >= 2x peer hot row", $"{N(reservations)} / {N(peerHot)} = {R(RateRatio.Of(reservations, peerHot))}", Judge(RateRatio.Of(reservations, peerHot), r => r >= 2.0));
        Row(md, "hot key: reserved total = granted", Checks(hot, "reserved total = granted"), JudgeChecks(hot, "reserved total = granted"));
        var burst = find("burst", "embedded");
        Row(md, "embedded burst applied >= 0.8x SDK publish rate", $"applied {N(burst?.Figure("applied_per_second"))} / published {N(burst?.Figure("published_per_second"))} = {R(burst?.Figure("applied_to_published"))}", Judge(burst?.Figure("applied_to_published"), r => r >= 0.8));
        var http = find("http", "embedded");
        double? httpP99 = http?.Latencies.GetValueOrDefault("per request")?.P99;
        Row(md, "embedded HTTP ingest p99 <= 500 ms", $"p99 {Ms(httpP99)} per {(http?.Settings.GetValueOrDefault("batch") ?? "100")}-event request", Judge(httpP99, v => v <= 500));
        var latency = find("visible", "durable") ?? find("region", "durable");
        var visible = latency?.Latencies.GetValueOrDefault("device send -> visible (GET stock)");
        var region = latency?.Latencies.GetValueOrDefault("SKU visible -> region total visible");
        string at = latency is null ? "" : $" at {N(latency.Figure("offered_per_second"))} events/s";
        Row(md, "send -> visible p50 <= 50 ms (50% of durable max)", $"p50 {Ms(visible?.P50)}{at}", Judge(visible?.P50, v => v <= 50));
        Row(md, "send -> visible p99 <= 250 ms (50% of durable max)", $"p99 {Ms(visible?.P99)}{at}", Judge(visible?.P99, v => v <= 250));
        Row(md, "SKU change -> region total p99 <= 1 s", $"p99 {Ms(region?.P99)}{at}", Judge(region?.P99, v => v <= 1000));
        var catalog = find("catalog", "embedded");
        Row(md, "1,000,000 records on one silo, memory per record", catalog is null ? "not run" :
            $"{N(catalog.Figure("records_created"))} records in {N(catalog.Figure("create_seconds"))} s; VmRSS {N(catalog.Figure("rss_bytes_per_record"))} B/record; GC heap {N(catalog.Figure("gc_heap_bytes_per_record"))} B/record",
            catalog is null ? "n/a" : catalog.Figure("records_created") >= 1_000_000 && catalog.Figure("rss_bytes_per_record") is not null ? "PASS" : "FAIL");
        Row(md, "a region of 100,000 products answers totals and alerts", catalog is null ? "not run" :
            $"{N(catalog.Figure("region_products"))} products; totals right {N(catalog.Figure("region_totals_correct"))}/{N(catalog.Figure("region_totals_sampled"))}; alerts {N(catalog.Figure("alerts"))} of {N(catalog.Figure("alerts_expected"))} expected in {N(catalog.Figure("alerts_answer_ms"))} ms",
            catalog is null ? "n/a" : catalog.Figure("region_products") >= 100_000 && catalog.Checks.Where(c => c.Name.StartsWith("region", StringComparison.Ordinal)).All(c => c.Passed) ? "PASS" : "FAIL");
        var overload = find("overload", "durable");
        foreach (string check in new[] { "sheds or slows visibly", "reads responsive", "health responsive", "drained", "exactly once", "logs at a bounded rate" })
        {
            Row(md, $"overload: {check}", Checks(overload, check), JudgeChecks(overload, check));
        }

        md.AppendLine();
    }

    private static void WriteRatios(StringBuilder md, IReadOnlyList<ScenarioResult> results, ScenarioResult? peer, ScenarioResult? ping, ScenarioResult? azurite)
    {
        md.AppendLine("## Ratios (rates of this run)");
        md.AppendLine();
        md.AppendLine("| our rate | per second | ÷ peer events/s | ÷ peer hot-row/s | ÷ Azurite upserts/s | ÷ ping calls/s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        double? peerEvents = peer?.Figure("events_per_second"), peerHot = peer?.Figure("reservations_per_second");
        double? upserts = azurite?.Figure("per_second"), pings = ping?.Figure("per_second");
        var rates = new (string Id, string Profile, string Figure, string Name)[]
        {
            ("ingest", "durable", "events_per_second", "Event Hubs ingest, durable (events)"),
            ("ingest", "embedded", "events_per_second", "Event Hubs ingest, embedded (events)"),
            ("burst", "embedded", "applied_per_second", "burst applied, embedded (events)"),
            ("http", "embedded", "events_per_second", "HTTP ingest, embedded (events)"),
            ("hotkey", "durable", "reservations_per_second", "hot-key reservations granted, durable"),
            ("get", "durable", "gets_per_second", "GET stock, durable"),
            ("get", "embedded", "gets_per_second", "GET stock, embedded"),
            ("catalog", "embedded", "creates_per_second", "catalog records created, embedded"),
        };
        foreach (var (id, profile, figure, name) in rates)
        {
            double? rate = results.FirstOrDefault(r => r.Id == id && r.Profile == profile)?.Figure(figure);
            if (rate is null)
            {
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {N(rate)} | {R(RateRatio.Of(rate, peerEvents))} | {R(RateRatio.Of(rate, peerHot))} | {R(RateRatio.Of(rate, upserts))} | {R(RateRatio.Of(rate, pings))} |");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| *peer: PostgreSQL events / hot-row reservations* | {N(peerEvents)} / {N(peerHot)} | | | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| *Azurite upserts / Orleans ping* | {N(upserts)} / {N(pings)} | | | | |");
        md.AppendLine();
    }

    /// <summary>The options every phase ran with (run.sh passes the same ones to each phase and to the report).</summary>
    private static void WriteSettings(StringBuilder md, SuiteSettings s)
    {
        var b = s.Baseline;
        md.AppendLine("## Settings");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| warm-up / window | {Durations.Format(b.Warmup)} / {Durations.Format(b.Duration)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| fleet | {s.Devices} devices over {s.Senders} producer connections, {s.EventsPerMessage} events per message, {s.Keys} keys over {string.Join(", ", b.Warehouses)}, Zipf s={s.ZipfSkew}, seed {s.Seed} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| closed-model backlog cap / drain (stall, limit) / visibility timeout | {s.MaxBacklog} events / {Durations.Format(s.DrainStall)}, {Durations.Format(s.DrainLimit)} / {Durations.Format(b.VisibilityTimeout)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| burst | {s.BurstEvents} events from {s.BurstDevices} devices |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| HTTP ingest / GET / hot key | {s.HttpCallers} callers x {s.HttpBatch} events / {s.GetCallers} callers / {s.HotKeyCallers} callers |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| latency under load | {s.LoadFraction:0.##} x durable maximum{(s.MaxRate is { } m ? $" (fallback {m:0.#}/s)" : "")}, probes {b.ProbeRate:0.#}/s, poll every {Durations.Format(b.PollInterval)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| overload | {s.OverloadFactor:0.##} x durable maximum for {Durations.Format(s.OverloadDuration)}; responsive = p99 <= {Durations.Format(s.ResponsiveP99)}; log budget {s.LogBudgetBytesPerSecond:N0} B/s |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| catalog | {s.CatalogRecords:N0} records over {s.CatalogWarehouses} warehouses, {s.CatalogConcurrency} in flight, stop after {Durations.Format(s.CatalogTimeout)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| peer | PostgreSQL ({s.PostgresBin}), pgbench {s.PeerClients} clients, {Durations.Format(s.PeerDuration)} per workload, {s.PeerRows} rows |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ping callers / upsert writers | {b.PingConcurrency} / {b.UpsertConcurrency} |");
        md.AppendLine();
    }

    private static void WriteScenario(StringBuilder md, ScenarioResult r)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### {r.Id} ({r.Profile}): {r.Title}");
        md.AppendLine();
        if (r.Failure is { } failure)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Failed**: {Cell(failure)}");
            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- model: {r.Model}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- {r.StartedAt.UtcDateTime:HH:mm:ss}Z to {r.FinishedAt.UtcDateTime:HH:mm:ss}Z; load average before {r.LoadBefore}, after {r.LoadAfter}");
        foreach (var (name, value) in r.Settings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {value}");
        }

        md.AppendLine();
        if (r.Figures.Count > 0)
        {
            md.AppendLine("| figure | value |");
            md.AppendLine("|---|---:|");
            foreach (var (name, value) in r.Figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {N(value)} |");
            }

            md.AppendLine();
        }

        if (r.Latencies.Count > 0)
        {
            md.AppendLine("| latency | count | p50 | p90 | p99 | p99.9 | max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, l) in r.Latencies)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {l.Count} | {Ms(l.P50)} | {Ms(l.P90)} | {Ms(l.P99)} | {Ms(l.P999)} | {Ms(l.Max)} |");
            }

            md.AppendLine();
        }

        foreach (var check in r.Checks)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(check.Passed ? "PASS" : "**FAIL**")} {check.Name}: {Cell(check.Detail)}");
        }

        foreach (string note in r.Notes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        if (r.Storage is { } storage)
        {
            if (storage.Note is { } note)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- storage operations: {note}");
            }
            else
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"Storage operations by kind (all silos, during the scenario; per event = ÷ {storage.Events} events applied):");
                md.AppendLine();
                md.AppendLine("| kind | operations | per event | entities | per event |");
                md.AppendLine("|---|---:|---:|---:|---:|");
                foreach (string kind in storage.Operations.Keys.Union(storage.Entities.Keys).Order(StringComparer.Ordinal))
                {
                    double ops = storage.Operations.GetValueOrDefault(kind), entities = storage.Entities.GetValueOrDefault(kind);
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {N(ops)} | {R(RateRatio.Of(ops, storage.Events))} | {N(entities)} | {R(RateRatio.Of(entities, storage.Events))} |");
                }

                md.AppendLine(CultureInfo.InvariantCulture, $"| **all** | {N(storage.Operations.Values.Sum())} | {R(RateRatio.Of(storage.Operations.Values.Sum(), storage.Events))} | {N(storage.Entities.Values.Sum())} | {R(RateRatio.Of(storage.Entities.Values.Sum(), storage.Events))} |");
            }
        }

        md.AppendLine();
    }

    private static void Row(StringBuilder md, string target, string figures, string verdict) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {Cell(figures)} | {(verdict == "FAIL" ? "**FAIL**" : verdict)} |");

    private static string Judge(double? value, Func<double, bool> passes) => value is { } v ? passes(v) ? "PASS" : "FAIL" : "n/a (not measured)";

    private static string Checks(ScenarioResult? r, params string[] names) => r is null ? "not run"
        : r.Failure is { } f ? $"failed: {f}"
        : string.Join("; ", names.Select(n => r.Checks.FirstOrDefault(c => c.Name == n) is { } c ? c.Detail : $"{n}: not checked"));

    private static string JudgeChecks(ScenarioResult? r, params string[] names) => r is null ? "n/a (not run)"
        : r.Failure is not null ? "FAIL"
        : names.All(n => r.Checks.FirstOrDefault(c => c.Name == n) is { Passed: true }) ? "PASS"
        : names.Any(n => r.Checks.All(c => c.Name != n)) ? "n/a (not checked)" : "FAIL";

    private static string N(double? value) => value is { } v ? v.ToString(Math.Abs(v) >= 100 ? "#,##0" : "#,##0.##", CultureInfo.InvariantCulture) : "n/a";

    private static string R(double? value) => MarkdownReport.Ratio(value);

    private static string Ms(double? milliseconds) => milliseconds is { } ms ? $"{ms.ToString(ms >= 100 ? "#,##0" : "0.##", CultureInfo.InvariantCulture)} ms" : "n/a";

    private static string Cell(string text) => MarkdownReport.Cell(text);
}
