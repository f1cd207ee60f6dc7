using Orleans.Inventory.Security;

namespace Orleans.Inventory.Warehouses;

/// <summary>
/// The warehouses the system knows (key: <see cref="Key"/>). Seeded from <c>Inventory:Warehouses</c> at start and
/// changed at run time through the API. Stock grains consult it (with a short cache) to refuse events for unknown
/// warehouses and to find the region to feed; reads interleave.
/// </summary>
public interface IWarehouseRegistryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Adds or changes a warehouse; answers the stored record.</summary>
    [CallerCheck(CallerRoles.Manager, Warehouse = WarehouseFrom.Argument)]
    Task<WarehouseInfo> PutAsync(WarehouseInfo warehouse);

    /// <summary>Adds the warehouse only if it is not registered yet (configuration seeding never undoes a run-time change).</summary>
    [CallerCheck]
    Task SeedAsync(IReadOnlyList<WarehouseInfo> warehouses);

    [Orleans.Concurrency.ReadOnly]
    Task<WarehouseInfo?> GetAsync(string warehouseId);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<WarehouseInfo>> ListAsync();

    /// <summary>The ids of <paramref name="warehouseIds"/> (at most <see cref="MaxIdsPerQuery"/>) that are not registered.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> FindUnregisteredAsync(IReadOnlyList<string> warehouseIds);

    /// <summary>The most ids one <see cref="FindUnregisteredAsync"/> call may ask about.</summary>
    public const int MaxIdsPerQuery = 1_000;
}
