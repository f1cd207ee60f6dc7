using Orleans.Inventory.Auth;

namespace Orleans.Inventory.Api.Security;

/// <summary>
/// The named authorization policies every route is under, and the roles each admits (<see cref="InventoryRoles.Admin"/>
/// is in all of them). docs/security.md has the table of routes to policies; the matrix test reads this one.
/// </summary>
public static class InventoryPolicies
{
    /// <summary><c>POST /api/events</c>.</summary>
    public const string PostEvents = "inventory.events.post";

    /// <summary>Stock records, regional stock, alerts, the live stream, the registry's reads.</summary>
    public const string ReadStock = "inventory.stock.read";

    /// <summary>The warehouse registry's reads (<c>GET /api/warehouses</c>, <c>/{id}</c>).</summary>
    public const string ReadRegistry = "inventory.registry.read";

    /// <summary>Reserve, release, commit and read reservations.</summary>
    public const string Reserve = "inventory.reservations";

    /// <summary>Transfers (reads: they are the managers' view of stock moving between warehouses).</summary>
    public const string Transfers = "inventory.transfers";

    /// <summary>Thresholds, the warehouse registry's writes, dead-letter replay, webhooks.</summary>
    public const string Manage = "inventory.manage";

    /// <summary>Ledgers and dead letters.</summary>
    public const string Audit = "inventory.audit";

    /// <summary>The system panel and the OpenAPI document: any person or app signed in (not a device).</summary>
    public const string Operate = "inventory.operate";

    /// <summary>The Orleans Dashboard (every grain type and method of the cluster).</summary>
    public const string Admin = "inventory.admin";

    /// <summary>Each policy's roles.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Roles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [PostEvents] = [InventoryRoles.Device, InventoryRoles.Admin],
        [ReadStock] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Admin],
        [ReadRegistry] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Manager, InventoryRoles.Admin],
        [Reserve] = [InventoryRoles.Clerk, InventoryRoles.Admin],
        [Transfers] = [InventoryRoles.Manager, InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Admin],
        [Manage] = [InventoryRoles.Manager, InventoryRoles.Admin],
        [Audit] = [InventoryRoles.Auditor, InventoryRoles.Admin],
        [Operate] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Manager, InventoryRoles.Auditor, InventoryRoles.Admin],
        [Admin] = [InventoryRoles.Admin],
    };
}
