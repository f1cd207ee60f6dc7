using Orleans.Inventory.Products;

namespace Orleans.Inventory.Grains.Products;

/// <summary>Keeps, per product, the warehouses that hold a stock record for it.</summary>
/// <remarks>Bounded by the number of warehouses in the network (thousands at most), not by traffic.</remarks>
internal sealed class ProductIndexGrain(
    [PersistentState("product-index", StorageNames.Inventory)] IPersistentState<ProductIndexState> index) : Grain, IProductIndexGrain
{
    public async Task AddWarehouseAsync(string warehouseId)
    {
        if (index.State.Warehouses.Add(warehouseId))
        {
            await index.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetWarehousesAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. index.State.Warehouses.Order(StringComparer.Ordinal)]);
}
