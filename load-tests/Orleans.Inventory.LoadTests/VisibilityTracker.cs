using System.Diagnostics;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Counts a fleet's applied effects through the API without reading every key every time: a key is read again only
/// while it shows fewer applied changes than were sent to it, so a refresh costs what is outstanding, not what exists
/// (10,000 keys would otherwise mean 10,000 GETs per sample, a load of its own). <see cref="VerifyAsync"/> reads every
/// key once at the end for the exactly-once check.
/// </summary>
internal sealed class VisibilityTracker(StockApi api, Fleet fleet, int parallelism = 16)
{
    private readonly long[] _seen = new long[fleet.KeyCount];
    private long _visible;
    private long _reads;

    public long Visible => Interlocked.Read(ref _visible);

    public long Backlog => fleet.SentTotal - Visible;

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Reads the keys that are behind; answers the visible total and when (the middle of the reads).</summary>
    public async Task<(long Visible, long At)> RefreshAsync(CancellationToken cancellation)
    {
        long started = Stopwatch.GetTimestamp();
        var behind = new List<int>();
        for (int k = 0; k < _seen.Length; k++)
        {
            if (Volatile.Read(ref _seen[k]) < Interlocked.Read(ref fleet.Sent[k]))
            {
                behind.Add(k);
            }
        }

        await Parallel.ForEachAsync(behind, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation }, async (k, ct) =>
        {
            var (warehouse, product) = fleet.Key(k);
            var reading = await api.GetStockAsync(warehouse, product, ct);
            Interlocked.Increment(ref _reads);
            long before = Interlocked.Exchange(ref _seen[k], reading.Version);
            Interlocked.Add(ref _visible, reading.Version - before);
        });
        return (Visible, started + ((Stopwatch.GetTimestamp() - started) / 2));
    }

    /// <summary>Refreshes until every sent event is visible, or nothing more became visible for <paramref name="stall"/>, or <paramref name="limit"/> passed.</summary>
    public async Task<DrainResult> DrainAsync(TimeSpan stall, TimeSpan limit, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        long lastProgress = start;
        long best = -1;
        while (true)
        {
            var (visible, _) = await RefreshAsync(cancellation);
            long sent = fleet.SentTotal;
            if (visible >= sent)
            {
                return new DrainResult(true, Stopwatch.GetElapsedTime(start), sent - visible);
            }

            if (visible > best)
            {
                best = visible;
                lastProgress = Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetElapsedTime(lastProgress) > stall || Stopwatch.GetElapsedTime(start) > limit)
            {
                return new DrainResult(false, Stopwatch.GetElapsedTime(start), sent - visible);
            }

            await Task.Delay(250, cancellation);
        }
    }

    /// <summary>Reads every key: applied changes beyond what was sent (must be 0), keys where on hand differs from version, events not applied.</summary>
    public async Task<ExactlyOnceCheck> VerifyAsync(CancellationToken cancellation)
    {
        long extra = 0, missing = 0;
        int overKeys = 0, onHandMismatches = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, fleet.KeyCount), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation }, async (k, ct) =>
        {
            var (warehouse, product) = fleet.Key(k);
            var reading = await api.GetStockAsync(warehouse, product, ct);
            long sent = Interlocked.Read(ref fleet.Sent[k]);
            if (reading.Version > sent)
            {
                Interlocked.Add(ref extra, reading.Version - sent);
                Interlocked.Increment(ref overKeys);
            }
            else
            {
                Interlocked.Add(ref missing, sent - reading.Version);
            }

            if (reading.OnHand != reading.Version)
            {
                Interlocked.Increment(ref onHandMismatches);
            }
        });
        return new ExactlyOnceCheck(fleet.KeyCount, fleet.SentTotal, extra, overKeys, missing, onHandMismatches);
    }
}

/// <summary>Whether every sent event became visible, how long that took, and how many were still missing.</summary>
internal sealed record DrainResult(bool Drained, TimeSpan Time, long Missing);

/// <summary>The end-of-run read of every key. Exactly once: <see cref="Extra"/> is 0 (no key shows more applied changes than sent).</summary>
internal sealed record ExactlyOnceCheck(int Keys, long Sent, long Extra, int KeysOver, long Missing, int OnHandMismatches)
{
    public bool Passed => Extra == 0 && OnHandMismatches == 0;
}
