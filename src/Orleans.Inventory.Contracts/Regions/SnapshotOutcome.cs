namespace Orleans.Inventory.Regions;

/// <summary>
/// What a region did with one snapshot of a feed (<see cref="IRegionGrain.FeedAsync"/>): stored (both null), refused
/// for what it is (<see cref="RefusedReason"/>, as <see cref="RegionRefusedException.Reason"/>: sending it again is
/// refused again), or not stored this time (<see cref="Failure"/>: storage, a full queue; worth a retry).
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.snapshot-outcome.v1")]
public sealed record SnapshotOutcome(
    [property: Id(0)] string? RefusedReason = null,
    [property: Id(1)] string? Failure = null,
    [property: Id(2)] string? Message = null)
{
    public static SnapshotOutcome Stored { get; } = new();

    public bool IsStored => RefusedReason is null && Failure is null;
}
