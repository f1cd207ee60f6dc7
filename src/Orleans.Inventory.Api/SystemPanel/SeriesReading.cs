namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>
/// One tag set of an instrument. Counters: <paramref name="Value"/> is the total since this process started and
/// <paramref name="RatePerSecond"/> the rate over the last 10 whole seconds. Gauges and observable instruments: the
/// value now. Histograms: how many samples in all, how many in the last 5 minutes (at most 2048, the newest), and
/// their p50 and p99.
/// </summary>
public sealed record SeriesReading(
    IReadOnlyDictionary<string, string?> Tags,
    double? Value,
    double? RatePerSecond,
    long? Count,
    int? WindowCount,
    double? P50,
    double? P99);
