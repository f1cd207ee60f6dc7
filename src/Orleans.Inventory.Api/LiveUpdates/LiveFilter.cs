namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>What one client asked to see; a null field matches anything, a set one only items that carry that value.</summary>
public sealed record LiveFilter(string? WarehouseId = null, string? RegionId = null, string? ProductId = null)
{
    public bool Matches(LiveItem item) =>
        (WarehouseId is null || string.Equals(WarehouseId, item.WarehouseId, StringComparison.Ordinal))
        && (RegionId is null || string.Equals(RegionId, item.RegionId, StringComparison.Ordinal))
        && (ProductId is null || string.Equals(ProductId, item.ProductId, StringComparison.Ordinal));
}
