using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Warehouses;
using Orleans.Runtime;

namespace Orleans.Inventory.Grains.Warehouses;

/// <summary>
/// Registers the configured warehouses once the silo is active (every silo does; seeding is idempotent and never
/// undoes a run-time change). A failure stops the silo's start, as a bad option would.
/// </summary>
internal sealed partial class WarehouseSeeder(
    IGrainFactory grains,
    IOptions<WarehouseSeedOptions> options,
    SystemCaller systemCaller,
    ILogger<WarehouseSeeder> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The envelope subject of the seeding call.</summary>
    public const string SeedActor = "system:seed";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WarehouseSeeder), ServiceLifecycleStage.Active, SeedAsync);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var warehouses = options.Value.Warehouses
            .Select(seed => new WarehouseInfo(seed.WarehouseId, seed.RegionId, string.IsNullOrEmpty(seed.Name) ? seed.WarehouseId : seed.Name))
            .ToList();
        if (warehouses.Count == 0)
        {
            return;
        }

        systemCaller.Use(SeedActor, CallerContext.System);
        await grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key).SeedAsync(warehouses);
        LogSeeded(warehouses.Count);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information,
        Message = "Seeded the warehouse registry from configuration ({Count} warehouses; registered ones kept as they are)")]
    private partial void LogSeeded(int count);
}
