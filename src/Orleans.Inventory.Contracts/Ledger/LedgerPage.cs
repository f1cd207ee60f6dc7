namespace Orleans.Inventory.Ledger;

/// <summary>A page of ledger entries; <see cref="NextAfter"/> is the <c>after</c> for the next page, null at the end.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ledger-page.v1")]
public sealed record LedgerPage(
    [property: Id(0)] IReadOnlyList<LedgerEntry> Entries,
    [property: Id(1)] long? NextAfter);
