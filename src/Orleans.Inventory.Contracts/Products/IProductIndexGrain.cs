using Orleans.Inventory.Security;

namespace Orleans.Inventory.Products;

/// <summary>Which warehouses have ever held stock records for a product (key: product id).</summary>
public interface IProductIndexGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: adding a warehouse already listed changes nothing.</summary>
    [CallerCheck]
    Task AddWarehouseAsync(string warehouseId);

    Task<IReadOnlyList<string>> GetWarehousesAsync();
}
