namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>Where a consumer starts reading; <see cref="Value"/> is an offset, a sequence number or Unix milliseconds.</summary>
internal sealed record StartPosition(StartPositionKind Kind, long Value = 0, bool Inclusive = false)
{
    public static StartPosition Earliest { get; } = new(StartPositionKind.Earliest);

    public static StartPosition Latest { get; } = new(StartPositionKind.Latest);
}
