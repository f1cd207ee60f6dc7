using System.Diagnostics;
using System.Globalization;
using Orleans.Inventory.Devices.Simulation;
using Spectre.Console;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>A live progress bar on a terminal; plain periodic lines when the output is redirected (CI logs).</summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);

    public static async Task ShowAsync(SimulationProgress progress, Task run, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive || output != Console.Out)
        {
            // The interval only paces the log lines; the run's own completion ends the loop.
            while (await Task.WhenAny(run, Task.Delay(PlainInterval)) != run)
            {
                await output.WriteLineAsync(Status(progress, clock.Elapsed));
            }

            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("sending", maxValue: Math.Max(1, progress.TargetEvents));
                while (!run.IsCompleted)
                {
                    task.Value = progress.EventsSent;
                    task.Description = Markup.Escape(Status(progress, clock.Elapsed));
                    await Task.WhenAny(run, Task.Delay(LiveInterval));
                }

                task.Value = progress.EventsSent;
                task.Description = Markup.Escape(Status(progress, clock.Elapsed));
            });
    }

    private static string Status(SimulationProgress progress, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? progress.EventsSent / elapsed.TotalSeconds : 0;
        var status = string.Create(CultureInfo.InvariantCulture,
            $"sent {progress.EventsSent}/{progress.TargetEvents} events, {progress.Messages} messages, {rate:F0}/s, {progress.FailedSends} failed sends");
        return progress.LastError is { } error ? $"{status} (last: {error})" : status;
    }
}
