using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.LoadTests;

/// <summary>Runs the requested measurements one after another, writes the report, and answers the exit code.</summary>
internal static class BaselineRunner
{
    /// <summary>0 when every requested measurement produced a rate, 1 otherwise (the report says why).</summary>
    public static async Task<int> RunAsync(BaselineSettings settings, CancellationToken cancellation)
    {
        using var loggerFactory = Log.CreateFactory();
        var logger = loggerFactory.CreateLogger("Orleans.Inventory.LoadTests");

        var startedAt = DateTimeOffset.UtcNow;
        string loadAtStart = MachineInfo.LoadAverage();

        // The raw baselines first: the end-to-end run leaves grains, stream agents and storage busy behind it.
        var ping = settings.RunPing
            ? await MeasureAsync("ping", settings, logger, () => PingBenchmark.RunAsync(settings, cancellation), r => r.PerSecond)
            : Outcome<LoadResult>.NotRun;
        var upserts = settings.RunAzurite
            ? await MeasureAsync("azurite", settings, logger, () => AzuriteUpsertBenchmark.RunAsync(settings, cancellation), r => r.PerSecond)
            : Outcome<LoadResult>.NotRun;
        Outcome<EndToEndResult> events = Outcome<EndToEndResult>.NotRun;
        if (settings.RunEvents)
        {
            using var api = new StockApi(settings);
            var benchmark = new EndToEndBenchmark(settings, api, logger);
            events = await MeasureAsync("events", settings, logger, () => benchmark.RunAsync(cancellation), r => r.EventsPerSecond);
            if (events.Value is { Failure: { } failure })
            {
                events = Outcome<EndToEndResult>.Failed(failure);
            }
        }

        var report = new BaselineReport(
            settings, MachineInfo.Read(), startedAt, DateTimeOffset.UtcNow, loadAtStart, MachineInfo.LoadAverage(), events, ping, upserts);
        string markdown = MarkdownReport.Write(report);
        Directory.CreateDirectory(settings.ReportDirectory);
        string path = Path.Combine(settings.ReportDirectory, MarkdownReport.FileName(startedAt));
        await File.WriteAllTextAsync(path, markdown, CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Log.ReportWritten(logger, Path.GetFullPath(path));
        return report.Complete ? 0 : 1;
    }

    private static async Task<Outcome<T>> MeasureAsync<T>(
        string scenario, BaselineSettings settings, ILogger logger, Func<Task<T>> measure, Func<T, double?> rate)
        where T : class
    {
        Log.ScenarioStarting(logger, scenario, Durations.Format(settings.Warmup), Durations.Format(settings.Duration));
        try
        {
            var result = await measure();
            if (rate(result) is { } perSecond)
            {
                Log.ScenarioMeasured(logger, scenario, perSecond.ToString("#,##0.0", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (result is EndToEndResult { Failure: { } failure })
            {
                Log.ScenarioFailed(logger, scenario, failure);
            }

            return Outcome<T>.Of(result);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            string reason = $"{error.GetType().Name}: {error.Message}";
            Log.ScenarioFailed(logger, scenario, reason);
            return Outcome<T>.Failed(reason);
        }
    }
}
