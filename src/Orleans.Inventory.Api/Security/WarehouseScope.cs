using System.Security.Claims;
using Orleans.Inventory.Auth;

namespace Orleans.Inventory.Api.Security;

/// <summary>The warehouses a principal may act on: its <see cref="InventoryClaims.Warehouse"/> claims, or all of them for <c>*</c>.</summary>
public sealed class WarehouseScope
{
    private static readonly WarehouseScope Everything = new(null);

    private readonly HashSet<string>? _warehouses;

    private WarehouseScope(HashSet<string>? warehouses) => _warehouses = warehouses;

    /// <summary>True for <c>*</c>.</summary>
    public bool IsAll => _warehouses is null;

    /// <summary>The warehouses named, when not <see cref="IsAll"/>.</summary>
    public IReadOnlySet<string> Warehouses => _warehouses ?? [];

    public static WarehouseScope Of(ClaimsPrincipal user)
    {
        var values = user.FindAll(InventoryClaims.Warehouse).Select(c => c.Value).ToList();
        return values.Contains(InventoryClaims.AllWarehouses, StringComparer.Ordinal)
            ? Everything
            : new WarehouseScope(new HashSet<string>(values, StringComparer.Ordinal));
    }

    public bool Allows(string warehouseId) => _warehouses is null || _warehouses.Contains(warehouseId);

    /// <summary>The per-event rejection reason, naming the field.</summary>
    public static string ForbiddenReason(string warehouseId) =>
        $"location: '{warehouseId}' is outside the warehouses this token may act on";
}
