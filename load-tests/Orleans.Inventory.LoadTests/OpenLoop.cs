using System.Diagnostics;
using HdrHistogram;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// The open model: operations start at a fixed arrival rate whatever the system does, operation i at its intended
/// time <c>start + i / rate</c>, and each latency runs from that intended time to completion (coordinated-omission
/// correction: when the system stalls, the operations that should have started meanwhile are charged the stall, as a
/// real user arriving then would be). At most <c>maxInFlight</c> run at once; an operation held back by that cap
/// still counts from its intended time. Bounded: exactly <c>rate x duration</c> operations, and in-flight ones are
/// abandoned <c>grace</c> after the schedule ends.
/// </summary>
internal static class OpenLoop
{
    /// <param name="operation">(index, intended timestamp, token) -> true when the operation succeeded.</param>
    public static async Task<OpenLoopResult> RunAsync(
        double rate, TimeSpan duration, int maxInFlight, TimeSpan grace,
        Func<long, long, CancellationToken, Task<bool>> operation, CancellationToken cancellation)
    {
        long total = Math.Max(1, (long)Math.Round(rate * duration.TotalSeconds));
        var latencies = LatencySummary.NewHistogram();
        var histogramLock = new Lock();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        long succeeded = 0, failed = 0, maxStartLag = 0;
        string? firstError = null;
        var running = new List<Task>();
        long start = Stopwatch.GetTimestamp();

        async Task RunOneAsync(long index, long intended)
        {
            try
            {
                bool ok = await operation(index, intended, abandon.Token);
                long end = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
                if (ok)
                {
                    lock (histogramLock)
                    {
                        latencies.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(intended, end).TotalMicroseconds));
                    }
                }
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{error.GetType().Name}: {error.Message}", null);
            }
            finally
            {
                slots.Release();
            }
        }

        for (long i = 0; i < total && !cancellation.IsCancellationRequested; i++)
        {
            long intended = start + (long)(i / rate * Stopwatch.Frequency);
            long wait = intended - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellation);
            }

            await slots.WaitAsync(cancellation);
            long lag = Stopwatch.GetTimestamp() - intended;
            if (lag > maxStartLag)
            {
                maxStartLag = lag;
            }

            running.Add(RunOneAsync(i, intended));
            if (running.Count >= 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        long scheduleEnd = Stopwatch.GetTimestamp();
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(grace, cancellation)) != all)
        {
            await abandon.CancelAsync();
            await all.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        long finished = Stopwatch.GetTimestamp();
        lock (histogramLock)
        {
            return new OpenLoopResult(
                rate, total, Interlocked.Read(ref succeeded), Interlocked.Read(ref failed), total - Interlocked.Read(ref succeeded) - Interlocked.Read(ref failed),
                Stopwatch.GetElapsedTime(start, scheduleEnd), Stopwatch.GetElapsedTime(start, finished),
                TimeSpan.FromSeconds((double)maxStartLag / Stopwatch.Frequency), firstError, LatencySummary.From(latencies), Copy(latencies));
        }
    }

    private static LongHistogram Copy(LongHistogram histogram)
    {
        var copy = LatencySummary.NewHistogram();
        copy.Add(histogram);
        return copy;
    }
}

/// <summary>What an open-loop run saw: operations scheduled, succeeded, failed, abandoned (still running after the grace).</summary>
internal sealed record OpenLoopResult(
    double OfferedRate, long Scheduled, long Succeeded, long Failed, long Abandoned, TimeSpan ScheduleTime, TimeSpan TotalTime,
    TimeSpan MaxStartLag, string? FirstError, LatencySummary? Latency, LongHistogram Histogram)
{
    public double CompletedPerSecond => Succeeded / TotalTime.TotalSeconds;
}
