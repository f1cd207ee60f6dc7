namespace Orleans.Inventory.Auth;

/// <summary>The roles a token's <see cref="InventoryClaims.Role"/> claims may carry; docs/security.md says what each may do.</summary>
public static class InventoryRoles
{
    /// <summary>Posts events for the warehouses in its scope.</summary>
    public const string Device = "device";

    /// <summary>Reserves, releases and commits stock, and reads it.</summary>
    public const string Clerk = "clerk";

    /// <summary>Thresholds, transfers, the warehouse registry, dead-letter replay, webhooks.</summary>
    public const string Manager = "manager";

    /// <summary>Reads stock, regions, alerts and the live stream.</summary>
    public const string Viewer = "viewer";

    /// <summary>Reads ledgers and dead letters.</summary>
    public const string Auditor = "auditor";

    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Device, Clerk, Manager, Viewer, Auditor, Admin];
}
