namespace Orleans.Inventory.Security;

/// <summary>
/// Who a grain call acts for, as the tier that authenticated the caller established it: signed by
/// <see cref="CallerEnvelopeSigner"/> with the key the API tier and the silos share, carried in Orleans'
/// <see cref="Orleans.Runtime.RequestContext"/> under <see cref="Ledger.CallerContext.EnvelopeKey"/>, and checked by the
/// silo before any call marked <see cref="CallerCheckAttribute"/> runs.
/// </summary>
/// <param name="Subject">The actor the ledger records: <c>user:{sub}</c>, <c>client:{id}</c>, <c>system:{component}</c>.</param>
/// <param name="Channel">Through what the call came (<see cref="Ledger.CallerContext.Http"/>, <c>gateway</c>, <c>stream</c>, ...).</param>
/// <param name="Roles">The caller's roles (<see cref="CallerRoles"/>).</param>
/// <param name="Warehouses">The warehouses it may act on; <see cref="AllWarehouses"/> for all.</param>
/// <param name="IssuedAt">When it was signed.</param>
/// <param name="ExpiresAt">After this (plus the verifier's clock skew) it is refused.</param>
/// <param name="Nonce">Random, so two envelopes of one caller signed at one instant still differ.</param>
public sealed record CallerEnvelope(
    string Subject,
    string Channel,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Warehouses,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Nonce)
{
    /// <summary>The scope entry that covers every warehouse.</summary>
    public const string AllWarehouses = "*";

    /// <summary>True when the scope names <paramref name="warehouseId"/> or is <see cref="AllWarehouses"/>.</summary>
    public bool Covers(string warehouseId) =>
        Warehouses.Any(w => string.Equals(w, AllWarehouses, StringComparison.Ordinal) || string.Equals(w, warehouseId, StringComparison.Ordinal));

    /// <summary>True when the envelope carries one of <paramref name="roles"/>, or <see cref="CallerRoles.Admin"/> or <see cref="CallerRoles.System"/>.</summary>
    public bool HasAnyRole(IReadOnlyCollection<string> roles) =>
        Roles.Any(r => r is CallerRoles.Admin or CallerRoles.System || roles.Contains(r, StringComparer.Ordinal));
}
