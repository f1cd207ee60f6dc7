using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Grains.Warehouses;

[GenerateSerializer, Alias("inventory.warehouse-registry-state.v1")]
public sealed class WarehouseRegistryState
{
    [Id(0)] public Dictionary<string, WarehouseInfo> Warehouses { get; set; } = new(StringComparer.Ordinal);
}
