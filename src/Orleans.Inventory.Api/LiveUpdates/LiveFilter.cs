namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// What one client asked to see; a null field matches anything, a set one only items that carry that value. A
/// <see cref="Scope"/> (the caller's warehouses) hides items of other warehouses; items of no warehouse (regional alerts)
/// pass it, as the regional routes do.
/// </summary>
public sealed record LiveFilter(string? WarehouseId = null, string? RegionId = null, string? ProductId = null, Security.WarehouseScope? Scope = null)
{
    public bool Matches(LiveItem item) =>
        (Scope is null || item.WarehouseId is null || Scope.Allows(item.WarehouseId))
        && (WarehouseId is null || string.Equals(WarehouseId, item.WarehouseId, StringComparison.Ordinal))
        && (RegionId is null || string.Equals(RegionId, item.RegionId, StringComparison.Ordinal))
        && (ProductId is null || string.Equals(ProductId, item.ProductId, StringComparison.Ordinal));
}
