namespace Orleans.Inventory.Grains.DeadLetters;

/// <summary>How many dead letters each shard keeps. Bound from <c>Inventory:DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "Inventory:DeadLetters";

    /// <summary>The newest letters kept per shard; older ones are counted but dropped from the record.</summary>
    public int CapacityPerShard { get; set; } = 250;

    /// <summary>
    /// The most letters one principal (<see cref="Orleans.Inventory.DeadLetters.DeadLetter.Principal"/>) keeps per shard: past it that
    /// principal's own oldest letter goes, so one caller's flood of bad events cannot push out other callers' letters.
    /// </summary>
    public int MaxPerPrincipal { get; set; } = 50;

    /// <summary>
    /// How long <c>unknown_warehouse</c> letters are kept ahead of others when a shard is full (they are the ones an
    /// operator replays once the warehouse is registered); older than this they go first.
    /// </summary>
    public TimeSpan UnknownWarehouseRetention { get; set; } = TimeSpan.FromDays(7);
}
