using System.Diagnostics;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// N workers each run one operation after another (a closed loop) through a warm-up and then a fixed window.
/// An operation counts when it completes inside the window, so the rate is completions per second of the window.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan window, Func<int, long, CancellationToken, Task> operation, CancellationToken cancellation)
    {
        long measureStart = Stopwatch.GetTimestamp() + Ticks(warmup);
        long measureEnd = measureStart + Ticks(window);
        long errors = 0;
        string? firstError = null;

        async Task<(long Completed, HdrHistogram.LongHistogram Latencies)> WorkerAsync(int worker)
        {
            await Task.Yield();
            var latencies = LatencySummary.NewHistogram();
            long completed = 0;
            for (long n = 0; Stopwatch.GetTimestamp() < measureEnd && !cancellation.IsCancellationRequested; n++)
            {
                long begin = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker, n, cancellation);
                }
                catch (Exception error) when (!cancellation.IsCancellationRequested)
                {
                    long failedAt = Stopwatch.GetTimestamp();
                    if (failedAt >= measureStart && failedAt <= measureEnd)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    Interlocked.CompareExchange(ref firstError, $"{error.GetType().Name}: {error.Message}", null);
                    // A dependency that fails at once would otherwise spin this loop at full speed.
                    await Task.Delay(10, cancellation);
                    continue;
                }

                long end = Stopwatch.GetTimestamp();
                if (end >= measureStart && end <= measureEnd)
                {
                    completed++;
                    latencies.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(begin, end).TotalMicroseconds));
                }
            }

            return (completed, latencies);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WorkerAsync));
        cancellation.ThrowIfCancellationRequested();

        var all = LatencySummary.NewHistogram();
        long total = 0;
        foreach (var (completed, latencies) in results)
        {
            total += completed;
            all.Add(latencies);
        }

        return new LoadResult(concurrency, window, total, Interlocked.Read(ref errors), firstError, LatencySummary.From(all));
    }

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
