namespace Orleans.Inventory.Grains.DeadLetters;

/// <summary>How many dead letters each shard keeps. Bound from <c>Inventory:DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "Inventory:DeadLetters";

    /// <summary>The newest letters kept per shard; older ones are counted but dropped from the record.</summary>
    public int CapacityPerShard { get; set; } = 250;
}
