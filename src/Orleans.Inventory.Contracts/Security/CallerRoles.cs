namespace Orleans.Inventory.Security;

/// <summary>
/// The role names a <see cref="CallerEnvelope"/> carries: the HTTP API's token roles (the same strings as
/// <c>Orleans.Inventory.Auth.InventoryRoles</c>, which a test keeps equal) and <see cref="System"/>, which only the silo's
/// own components sign (and a trusted tier holding the key could, see docs/security.md).
/// </summary>
public static class CallerRoles
{
    public const string Device = "device";
    public const string Clerk = "clerk";
    public const string Manager = "manager";
    public const string Viewer = "viewer";
    public const string Auditor = "auditor";

    /// <summary>Passes every <see cref="CallerCheckAttribute"/>.</summary>
    public const string Admin = "admin";

    /// <summary>The silo's own components (device stream consumer, warehouse seeding, reminders); passes every check.</summary>
    public const string System = "system";
}
