namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>The first line of a sent file: the run's parameters, enough to replay it (same seed, run id, start time).</summary>
internal sealed record SentFileHeader(
    string RunId,
    int Seed,
    DateTimeOffset StartTime,
    DateTimeOffset StartedAt,
    string Hub,
    long TargetEvents,
    double? Rate,
    IReadOnlyList<string> Warehouses,
    int Devices,
    int Products,
    double Skew,
    int BatchSize,
    double DuplicateRate,
    double OutOfOrderRate,
    double MalformedRate,
    double CountRate);
