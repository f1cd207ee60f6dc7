namespace Orleans.Inventory.LoadTests;

/// <summary>
/// What one suite scenario measured, kept as JSON between the phases of a run (peer, embedded, durable) and turned into
/// the report at the end. <see cref="Figures"/> are named numbers (rates, counts); <see cref="Latencies"/> are
/// percentiles in milliseconds; <see cref="Checks"/> are pass/fail facts the run verified (drained, exactly once).
/// </summary>
internal sealed class ScenarioResult
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>embedded, durable or peer.</summary>
    public required string Profile { get; init; }

    /// <summary>How load was offered: open (fixed arrival rate) or closed (N callers), with the numbers.</summary>
    public string Model { get; set; } = "";

    public string? Failure { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public string LoadBefore { get; set; } = "";

    public string LoadAfter { get; set; } = "";

    public Dictionary<string, double> Figures { get; init; } = [];

    public Dictionary<string, LatencySummary> Latencies { get; init; } = [];

    public List<CheckResult> Checks { get; init; } = [];

    public List<string> Notes { get; init; } = [];

    public Dictionary<string, string> Settings { get; init; } = [];

    public StorageOperations? Storage { get; set; }

    public double? Figure(string name) => Figures.TryGetValue(name, out double value) ? value : null;

    public void Check(string name, bool passed, string detail) => Checks.Add(new CheckResult(name, passed, detail));
}

/// <summary>A fact the run verified, with the figures behind it.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Detail);
