namespace Orleans.Inventory.Regions;

/// <summary>
/// A region refused a change for what it is, not for a failure of the moment: the snapshot is invalid
/// (<see cref="Reason"/> <c>invalid</c>), the product is at a per-product cap (<c>cap</c>) or its row would be too large
/// (<c>row_size</c>). Sending the same change again is refused again, so a stock grain need not retry it; any other
/// exception from a region (storage, a full queue) is worth a retry.
/// </summary>
[GenerateSerializer, Alias("inventory.region-refused-exception.v1")]
public sealed class RegionRefusedException : Exception
{
    public RegionRefusedException()
    {
    }

    public RegionRefusedException(string message)
        : base(message)
    {
    }

    public RegionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RegionRefusedException(string message, string reason, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary><c>invalid</c>, <c>cap</c> or <c>row_size</c>.</summary>
    [Id(0)]
    public string Reason { get; private set; } = "";
}
