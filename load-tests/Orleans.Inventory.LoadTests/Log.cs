using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.LoadTests;

/// <summary>The benchmark's log messages, with stable event ids.</summary>
internal static partial class Log
{
    /// <summary>One-line console logging with times, as every command of this tool logs.</summary>
    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(logging => logging
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Information));

    [LoggerMessage(1, LogLevel.Information, "{Scenario}: warming up for {Warmup}, then measuring for {Duration}")]
    public static partial void ScenarioStarting(ILogger logger, string scenario, string warmup, string duration);

    [LoggerMessage(2, LogLevel.Information, "{Scenario}: {Rate} per second")]
    public static partial void ScenarioMeasured(ILogger logger, string scenario, string rate);

    [LoggerMessage(3, LogLevel.Error, "{Scenario} failed: {Reason}")]
    public static partial void ScenarioFailed(ILogger logger, string scenario, string reason);

    [LoggerMessage(4, LogLevel.Information, "Report written to {Path}")]
    public static partial void ReportWritten(ILogger logger, string path);

    [LoggerMessage(5, LogLevel.Information, "events: {Sent} sent, {Visible} visible through the API")]
    public static partial void EventsProgress(ILogger logger, long sent, long visible);

    [LoggerMessage(6, LogLevel.Information, "events: first effects visible; measuring for {Duration}")]
    public static partial void EventsWindowStarting(ILogger logger, string duration);

    [LoggerMessage(7, LogLevel.Information, "events: window over; draining {Backlog} events not yet visible")]
    public static partial void EventsDraining(ILogger logger, long backlog);

    [LoggerMessage(8, LogLevel.Warning, "events: a send to {WarehouseId} failed (attempt {Attempt}); sending the same events again")]
    public static partial void SendRetry(ILogger logger, Exception error, string warehouseId, int attempt);

    [LoggerMessage(9, LogLevel.Warning, "events: reading the API failed; the sample is skipped")]
    public static partial void SampleFailed(ILogger logger, Exception error);

    [LoggerMessage(10, LogLevel.Warning, "events: latency probe {ProductId} failed")]
    public static partial void ProbeFailed(ILogger logger, Exception error, string productId);
}
