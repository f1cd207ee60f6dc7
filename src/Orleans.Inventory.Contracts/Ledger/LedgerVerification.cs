namespace Orleans.Inventory.Ledger;

/// <summary>What checking a record's ledger hash chain found.</summary>
/// <param name="Intact">Every entry checked links to the one before it, sequences are gap-free and, when the check
/// reached the committed head, the last link equals the head the record's state holds.</param>
/// <param name="Checked">Entries read by this check.</param>
/// <param name="Through">The last sequence checked.</param>
/// <param name="Unchained">Entries written before the chain (no hash), which cannot be proven.</param>
/// <param name="BrokenAt">The first entry whose link does not hold (edited, removed, reordered), or null.</param>
/// <param name="Problem">What is wrong at <paramref name="BrokenAt"/>.</param>
/// <param name="Head">The hash of entry <paramref name="Through"/>, to continue a check cut by its limit.</param>
/// <param name="NextAfter">Set when the check stopped at its limit: continue with after = this and hash = Head.</param>
[GenerateSerializer, Immutable, Alias("inventory.ledger-verification.v1")]
public sealed record LedgerVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long Checked,
    [property: Id(2)] long Through,
    [property: Id(3)] long Unchained,
    [property: Id(4)] long? BrokenAt,
    [property: Id(5)] string? Problem,
    [property: Id(6)] string? Head,
    [property: Id(7)] long? NextAfter);
