namespace Orleans.Inventory.Security;

/// <summary>
/// Marks a grain interface method the silo runs only for a valid <see cref="CallerEnvelope"/>: signed with the shared
/// key, not expired, carrying one of <see cref="Roles"/> (or admin, or system), and, per <see cref="Warehouse"/>,
/// scoped to the warehouse the call acts on. The list of checked methods is the set of methods carrying this
/// attribute; docs/security.md lists them.
/// </summary>
/// <param name="roles">The roles that may make the call, besides <see cref="CallerRoles.Admin"/> and <see cref="CallerRoles.System"/>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class CallerCheckAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>Where the warehouse checked against the envelope's scope comes from.</summary>
    public WarehouseFrom Warehouse { get; init; }
}
