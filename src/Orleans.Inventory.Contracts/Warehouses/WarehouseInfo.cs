using Orleans.Inventory.Security;

namespace Orleans.Inventory.Warehouses;

/// <summary>A registered warehouse and the region whose totals and alerts it feeds.</summary>
[GenerateSerializer, Immutable, Alias("inventory.warehouse-info.v1")]
public sealed record WarehouseInfo(
    [property: Id(0)] string WarehouseId,
    [property: Id(1)] string RegionId,
    [property: Id(2)] string Name) : IWarehouseScoped
{
    /// <summary>The longest name the registry keeps.</summary>
    public const int MaxNameLength = 200;
}
