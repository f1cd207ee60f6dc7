using Orleans.Inventory.DeadLetters;

namespace Orleans.Inventory.Grains.DeadLetters;

[GenerateSerializer, Alias("inventory.dead-letter-state.v1")]
public sealed class DeadLetterState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<DeadLetter> Letters { get; set; } = [];

    [Id(1)] public long Total { get; set; }

    /// <summary>Letters dropped from the record to keep its bounds (counted in <see cref="Total"/> too).</summary>
    [Id(2)] public long Dropped { get; set; }
}
