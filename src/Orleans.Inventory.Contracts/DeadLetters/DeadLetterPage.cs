namespace Orleans.Inventory.DeadLetters;

/// <summary>The newest dead letters, and how many were recorded in all (including those no longer kept).</summary>
[GenerateSerializer, Immutable, Alias("inventory.dead-letter-page.v1")]
public sealed record DeadLetterPage(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyList<DeadLetter> Items);
