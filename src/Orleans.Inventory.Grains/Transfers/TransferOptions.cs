namespace Orleans.Inventory.Grains.Transfers;

/// <summary>How many transfers the transfer index lists. Bound from <c>Inventory:Transfers</c>.</summary>
public sealed class TransferOptions
{
    public const string SectionName = "Inventory:Transfers";

    /// <summary>
    /// Transfers the index keeps. When full, the finished transfer (received) changed longest ago is dropped from
    /// the index, or, when none finished, the open one changed longest ago. Dropped transfers stay readable by id.
    /// </summary>
    public int IndexCapacity { get; set; } = 1000;
}
