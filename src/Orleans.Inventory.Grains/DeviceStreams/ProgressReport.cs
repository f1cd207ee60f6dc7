namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>The done-reports of a range of a partition (see <see cref="IStreamProgressGrain"/>).</summary>
/// <param name="ForgottenThrough">Reports up to this sequence number may have been forgotten (the grain's bound); null when none were.</param>
[GenerateSerializer, Immutable, Alias("inventory.stream-progress-report.v1")]
public sealed record ProgressReport(
    [property: Id(0)] long[] Done,
    [property: Id(1)] long? ForgottenThrough);
