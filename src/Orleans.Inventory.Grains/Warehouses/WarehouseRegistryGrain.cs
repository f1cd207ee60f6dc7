using Orleans.Inventory.Events;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Grains.Warehouses;

/// <summary>The registry of warehouses; small (a network has thousands at most) and written rarely.</summary>
internal sealed class WarehouseRegistryGrain(
    [PersistentState("warehouses", StorageNames.Inventory)] IPersistentState<WarehouseRegistryState> registry) : Grain, IWarehouseRegistryGrain
{
    public const int MaxWarehouses = 10_000;

    public async Task<WarehouseInfo> PutAsync(WarehouseInfo warehouse)
    {
        Check(warehouse);
        if (registry.State.Warehouses.TryGetValue(warehouse.WarehouseId, out var stored) && stored == warehouse)
        {
            return stored;
        }

        if (stored is null && registry.State.Warehouses.Count >= MaxWarehouses)
        {
            throw new InvalidOperationException($"The registry holds {MaxWarehouses} warehouses, its limit.");
        }

        registry.State.Warehouses[warehouse.WarehouseId] = warehouse;
        await registry.WriteStateAsync();
        return warehouse;
    }

    public async Task SeedAsync(IReadOnlyList<WarehouseInfo> warehouses)
    {
        var added = false;
        foreach (var warehouse in warehouses)
        {
            Check(warehouse);
            added |= registry.State.Warehouses.TryAdd(warehouse.WarehouseId, warehouse);
        }

        if (added)
        {
            await registry.WriteStateAsync();
        }
    }

    public Task<WarehouseInfo?> GetAsync(string warehouseId) =>
        Task.FromResult(registry.State.Warehouses.GetValueOrDefault(warehouseId));

    public Task<IReadOnlyList<WarehouseInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WarehouseInfo>>([.. registry.State.Warehouses.Values.OrderBy(w => w.WarehouseId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> FindUnregisteredAsync(IReadOnlyList<string> warehouseIds)
    {
        if (warehouseIds.Count > IWarehouseRegistryGrain.MaxIdsPerQuery)
        {
            throw new ArgumentException($"At most {IWarehouseRegistryGrain.MaxIdsPerQuery} warehouse ids per query, not {warehouseIds.Count}.", nameof(warehouseIds));
        }

        return Task.FromResult<IReadOnlyList<string>>([.. warehouseIds.Where(id => !registry.State.Warehouses.ContainsKey(id))]);
    }

    private static void Check(WarehouseInfo warehouse)
    {
        if (!IdRules.IsValid(warehouse.WarehouseId) || !IdRules.IsValid(warehouse.RegionId))
        {
            throw new ArgumentException($"warehouse_id and region_id must be 1 to {IdRules.MaxLength} of {IdRules.Alphabet}.", nameof(warehouse));
        }

        if (warehouse.Name.Length > WarehouseInfo.MaxNameLength)
        {
            throw new ArgumentException($"name must be at most {WarehouseInfo.MaxNameLength} characters.", nameof(warehouse));
        }
    }
}
