namespace Orleans.Inventory.LoadTests;

/// <summary>Everything one run measured, with the settings and machine it was measured with.</summary>
internal sealed record BaselineReport(
    BaselineSettings Settings,
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    Outcome<EndToEndResult> Events,
    Outcome<LoadResult> Ping,
    Outcome<LoadResult> Upserts)
{
    public double? EventsPerSecond => Events.Value?.EventsPerSecond;

    public double? PingsPerSecond => Ping.Value is { Completed: > 0 } ping ? ping.PerSecond : null;

    public double? UpsertsPerSecond => Upserts.Value is { Completed: > 0 } upserts ? upserts.PerSecond : null;

    public double? EventsPerPing => RateRatio.Of(EventsPerSecond, PingsPerSecond);

    public double? EventsPerUpsert => RateRatio.Of(EventsPerSecond, UpsertsPerSecond);

    public double? PingsPerUpsert => RateRatio.Of(PingsPerSecond, UpsertsPerSecond);

    public bool Complete =>
        (Events.Skipped || EventsPerSecond is not null) && (Ping.Skipped || PingsPerSecond is not null) && (Upserts.Skipped || UpsertsPerSecond is not null);
}
