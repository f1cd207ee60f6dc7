using System.Globalization;
using System.Text;

namespace Orleans.Inventory.LoadTests;

/// <summary>Writes a <see cref="BaselineReport"/> as markdown: results first, then how they were obtained.</summary>
internal static class MarkdownReport
{
    public static string FileName(DateTimeOffset startedAt) =>
        $"baseline-{startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.md";

    public static string Write(BaselineReport report)
    {
        var s = report.Settings;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Baseline {report.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        md.AppendLine();
        if (s.Quick)
        {
            md.AppendLine("> **SMOKE RUN (`--quick`)**: windows of seconds and a small load, only to prove the tool works. These numbers are not a baseline.");
            md.AppendLine();
        }

        if (!report.Complete)
        {
            md.AppendLine("> **Incomplete**: at least one requested measurement failed (see its row); ratios that need it are not given.");
            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"Run `{s.RunId}`{(s.Label is null ? "" : $" ({s.Label})")}, {report.StartedAt.UtcDateTime:HH:mm:ss}Z to {report.FinishedAt.UtcDateTime:HH:mm:ss}Z, all measurements on this one machine, one after another (ping, Azurite, events).");
        md.AppendLine();

        md.AppendLine("## Rates");
        md.AppendLine();
        md.AppendLine("| measurement | per second | how |");
        md.AppendLine("|---|---:|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| device events, end to end | {Rate(report.Events, report.EventsPerSecond)} | {EventsHow(report.Events)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Orleans ping calls | {Rate(report.Ping, report.PingsPerSecond)} | {LoadHow(report.Ping, "callers of `IClusterProbeGrain.PingAsync` through the gateways", "call")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Azurite single-entity upserts | {Rate(report.Upserts, report.UpsertsPerSecond)} | {LoadHow(report.Upserts, "writers of `TableClient.UpsertEntityAsync` (replace), scratch table", "upsert")} |");
        md.AppendLine();

        md.AppendLine("## Latency, device send to visible through the API");
        md.AppendLine();
        WriteLatency(md, report.Events, s);

        md.AppendLine("## Ratios (rates of this run)");
        md.AppendLine();
        md.AppendLine("| ratio | value | what it says |");
        md.AppendLine("|---|---:|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| events/s ÷ ping calls/s | {Ratio(report.EventsPerPing)} | The share of the cluster's cheapest round-trip rate that the whole device path (Event Hubs, stream delivery, validation, dedupe, state and ledger writes to Azurite) sustains; far below 1 means the cost is in the stream and storage path, not in Orleans messaging. |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| events/s ÷ Azurite upserts/s | {Ratio(report.EventsPerUpsert)} | Events made visible per raw single-entity write the same Azurite takes; above 1 means the stock grains amortize storage over several events (one state write per chunk), below 1 that each event costs more than one raw write. |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ping calls/s ÷ Azurite upserts/s | {Ratio(report.PingsPerUpsert)} | How much faster Orleans messaging is than the storage emulator on this machine; a large value says Azurite, not Orleans, bounds any storage-backed throughput here. |");
        md.AppendLine();

        if (report.Events.Value is { } events)
        {
            WriteEventDetails(md, events, s);
        }

        WriteSettings(md, s);
        WriteMachine(md, report);

        md.AppendLine("## Caveats");
        md.AppendLine();
        md.AppendLine("- Load generator, silos, the Event Hubs emulator and Azurite share this machine's cores; every number includes that contention. Compare runs from the same machine and settings, and prefer the ratios across machines.");
        md.AppendLine("- Azurite is one Node process and a development emulator: its rate says nothing about Azure Table storage.");
        md.AppendLine("- The measurements run one after another, so background load (see the load average) may differ between them.");
        return md.ToString();
    }

    private static string Rate<T>(Outcome<T> outcome, double? perSecond)
        where T : class => outcome switch
        {
            { Skipped: true } => "not run",
            { Failure: { } } => "**failed**",
            _ => perSecond is { } rate ? $"**{Number(rate)}**" : "**none**",
        };

    private static string EventsHow(Outcome<EndToEndResult> outcome) => outcome switch
    {
        { Skipped: true } => "not requested (`--scenarios`)",
        { Failure: { } failure } => Cell(failure),
        { Value: { } e } => $"{e.VisibleInWindow} effects became visible over {Seconds(e.MeasuredSpan)} (first to last sample of the window), {e.Keys} keys",
        _ => "",
    };

    private static string LoadHow(Outcome<LoadResult> outcome, string what, string unit) => outcome switch
    {
        { Skipped: true } => "not requested (`--scenarios`)",
        { Failure: { } failure } => Cell(failure),
        { Value: { } r } => $"{r.Concurrency} {what}; {r.Completed} in {Seconds(r.Window)}" +
            (r.Latency is { } l ? $"; {unit} p50 {Ms(l.P50)}, p99 {Ms(l.P99)}" : "") +
            (r.Errors > 0 ? $"; **{r.Errors} errors** (first: {Cell(r.FirstError ?? "")})" : "; no errors"),
        _ => "",
    };

    private static void WriteLatency(StringBuilder md, Outcome<EndToEndResult> outcome, BaselineSettings s)
    {
        if (outcome.Value?.Latency is not { } l)
        {
            md.AppendLine(outcome.Skipped ? "Not measured (events not requested)." : "Not measured: no probe became visible inside the window.");
            md.AppendLine();
            return;
        }

        var e = outcome.Value;
        md.AppendLine("| probes | p50 | p90 | p99 | p99.9 | max |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Count} | {Ms(l.P50)} | {Ms(l.P90)} | {Ms(l.P99)} | {Ms(l.P999)} | {Ms(l.Max)} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"A probe is one `item_added` event on a product of its own, sent during the window alongside the load ({Number(s.ProbeRate)} per second); its latency runs from just before `SendAsync` until a `GET /api/stock/...` answers `version` ≥ 1. " +
            $"**Resolution: the API is polled every {Durations.Format(s.PollInterval)}**, so a latency is overstated by up to that interval plus one poll round trip (median {(e.MedianPollRoundTripMs is { } rt ? Ms(rt) : "n/a")}). " +
            $"Probes timed out (not visible within {Durations.Format(s.VisibilityTimeout)}, not in the percentiles): {e.ProbesTimedOut}; failed: {e.ProbeErrors}; skipped (over {64} in flight): {e.ProbesSkipped}.");
        md.AppendLine();
    }

    private static void WriteEventDetails(StringBuilder md, EndToEndResult e, BaselineSettings s)
    {
        double offered = e.SentInWindow / e.MeasuredSpan.TotalSeconds;
        md.AppendLine("## End-to-end details");
        md.AppendLine();
        // Unpaced producers fill the backlog up to the cap, so a backlog near the cap (or growing) means saturated.
        bool saturated = e.BacklogAtEnd >= s.MaxBacklog / 2 || e.BacklogAtEnd > e.BacklogAtStart + (e.SentInWindow / 20);
        string verdict = saturated
            ? "The backlog stayed near the cap or grew: the pipeline was saturated, so the rate above is its capacity under this load (and probe latency includes queueing behind that backlog)."
            : "The backlog stayed small: the pipeline kept up with what was offered, so the rate above is a lower bound of its capacity; raise `--rate`, `--producers` or `--max-backlog` to find the limit.";
        md.AppendLine(CultureInfo.InvariantCulture, $"- Offered in the window: {Number(offered)} events/s ({e.SentInWindow} sent); backlog (sent, not yet visible; visibility is sampled, so it includes up to one sample interval of events) {e.BacklogAtStart} at the start, {e.BacklogAtEnd} at the end. {verdict}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Sent in total {e.EventsSent} events in {e.MessagesSent} messages ({e.SendRetries} send retries, same event ids).");
        md.AppendLine((string)(e.Drained
            ? $"- After the window every sent event became visible within {Seconds(e.DrainTime)}."
            : $"- **Not drained**: {e.MissingAtEnd} sent events were still not visible {Durations.Format(s.VisibilityTimeout)} after the last progress."));
        md.AppendLine((string)(e.ExtraAtEnd == 0 && e.OnHandMismatches == 0
            ? "- Exactly-once check: no key shows more applied changes than events sent to it, and on hand equals version everywhere."
            : $"- **Exactly-once check failed**: {e.ExtraAtEnd} applied changes beyond the events sent; {e.OnHandMismatches} keys where on hand differs from version."));
        md.AppendLine(CultureInfo.InvariantCulture, $"- Visibility was read every {Durations.Format(s.SampleInterval)} for all {e.Keys} keys ({e.Samples} samples, {e.SampleErrors} failed, a read of all keys took {Seconds(e.MeanSampleReadTime)} on average); these reads and the probes' polls load the API during the run.");
        md.AppendLine();
    }

    private static void WriteSettings(StringBuilder md, BaselineSettings s)
    {
        md.AppendLine("## Settings");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| profile | {s.Profile} (Azurite storage, Event Hubs emulator as its own process) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| silos | {s.Silos} (HTTP {s.HttpBasePort}+i, gateway {s.GatewayBasePort}+i, cluster `{s.ClusterId}`) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| warm-up / window per measurement | {Durations.Format(s.Warmup)} / {Durations.Format(s.Duration)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| visibility timeout | {Durations.Format(s.VisibilityTimeout)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| producers / batch size | {s.Producers} / {s.BatchSize} events per message |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| warehouses / products | {string.Join(", ", s.Warehouses)} / {s.ProductsPerWarehouse} per warehouse ({s.ProductsPerWarehouse * s.Warehouses.Count} keys) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| offered rate / backlog cap | {(s.Rate > 0 ? $"{Number(s.Rate)} events/s" : "unpaced")} / {s.MaxBacklog} events |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| probes / poll interval / sample interval | {Number(s.ProbeRate)} per s / {Durations.Format(s.PollInterval)} / {Durations.Format(s.SampleInterval)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ping callers / upsert writers | {s.PingConcurrency} / {s.UpsertConcurrency} |");
        md.AppendLine();
    }

    private static void WriteMachine(StringBuilder md, BaselineReport report)
    {
        var m = report.Machine;
        md.AppendLine("## Machine");
        md.AppendLine();
        WriteMachineRows(md, m);
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average at start / end | {report.LoadAverageAtStart} / {report.LoadAverageAtEnd} |");
        md.AppendLine();
    }

    /// <summary>The machine table's rows that do not depend on the run (the load average does).</summary>
    public static void WriteMachineRows(StringBuilder md, MachineInfo m)
    {
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cores (Environment.ProcessorCount) | {m.Cores} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| memory (MemTotal) | {m.TotalMemory} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {Cell(m.CpuModel)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {Cell(m.Os)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {Cell(m.Runtime)} |");
    }

    /// <summary>Three significant digits: the noise of a shared 2-core machine is larger than that.</summary>
    public static string Ratio(double? value)
    {
        if (value is not { } v)
        {
            return "n/a";
        }

        if (v == 0)
        {
            return "0";
        }

        int digits = Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 15);
        return Math.Round(v, digits).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    private static string Number(double value) => value.ToString("#,##0.0", CultureInfo.InvariantCulture);

    private static string Ms(double milliseconds) => $"{milliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s";

    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
