namespace Orleans.Inventory.LoadTests;

/// <summary>What the end-to-end measurement saw; <see cref="Failure"/> says why it has no rate.</summary>
internal sealed record EndToEndResult
{
    public string? Failure { get; init; }
    public int Keys { get; init; }
    public double? EventsPerSecond { get; init; }
    public TimeSpan MeasuredSpan { get; init; }
    public long VisibleInWindow { get; init; }
    public long SentInWindow { get; init; }
    public long BacklogAtStart { get; init; }
    public long BacklogAtEnd { get; init; }
    public long EventsSent { get; init; }
    public long MessagesSent { get; init; }
    public long SendRetries { get; init; }
    public bool Drained { get; init; }
    public TimeSpan DrainTime { get; init; }
    public long MissingAtEnd { get; init; }
    public long ExtraAtEnd { get; init; }
    public int OnHandMismatches { get; init; }
    public int Samples { get; init; }
    public int SampleErrors { get; init; }
    public TimeSpan MeanSampleReadTime { get; init; }
    public LatencySummary? Latency { get; init; }
    public long ProbesInWindow { get; init; }
    public long ProbesTimedOut { get; init; }
    public long ProbeErrors { get; init; }
    public long ProbesSkipped { get; init; }
    public double? MedianPollRoundTripMs { get; init; }
}
