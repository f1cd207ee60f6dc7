using HdrHistogram;

namespace Orleans.Inventory.LoadTests;

/// <summary>Percentiles of a latency histogram recorded in microseconds, reported in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>Microseconds: one hour is far above anything a run waits for.</summary>
    public const long HighestTrackableMicroseconds = 3_600_000_000;

    public static LongHistogram NewHistogram() => new(HighestTrackableMicroseconds, 3);

    public static LatencySummary? From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return null;
        }

        static double Ms(long microseconds) => microseconds / 1000.0;
        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()));
    }
}
