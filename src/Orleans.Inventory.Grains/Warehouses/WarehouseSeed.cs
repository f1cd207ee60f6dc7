namespace Orleans.Inventory.Grains.Warehouses;

/// <summary>One entry of <c>Inventory:Warehouses</c>.</summary>
public sealed class WarehouseSeed
{
    public string WarehouseId { get; set; } = "";

    public string RegionId { get; set; } = "";

    /// <summary>Optional; the warehouse id when empty.</summary>
    public string Name { get; set; } = "";
}
