using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Grains.Transfers;
using Orleans.Inventory.Grains.Warehouses;
using Orleans.Runtime;

namespace Orleans.Inventory.Grains;

public static class RegionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what warehouses, regions and transfers need on a silo: their options (validated at start, bound
    /// from <c>Inventory:Regions</c>, <c>Inventory:Transfers</c> and the <c>Inventory:Warehouses</c> array), the
    /// seeding of the warehouse registry at silo start, the region table (<c>Inventory:Tables:RegionTable</c>) and the
    /// notification and region counters.
    /// </summary>
    public static IServiceCollection AddRegionsAndTransfers(this IServiceCollection services)
    {
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.SectionName)
            .Validate(o => o.DefaultLowStockThreshold >= 0 && o.DefaultRecoveryLevel > o.DefaultLowStockThreshold,
                $"{RegionOptions.SectionName}: DefaultRecoveryLevel must be greater than DefaultLowStockThreshold, which must be 0 or more.")
            // With ids of up to 128 characters, 1,000 + 1,000 entries keep a product's row far under its 840 KiB cap.
            .Validate(o => o.MaxWarehousesPerProduct is >= 1 and <= 1_000, $"{RegionOptions.SectionName}:MaxWarehousesPerProduct must be 1 to 1000.")
            .Validate(o => o.MaxTransfersPerProduct is >= 1 and <= 1_000, $"{RegionOptions.SectionName}:MaxTransfersPerProduct must be 1 to 1000.")
            .Validate(o => o.MaxPendingNotifications is >= 1 and <= 10_000, $"{RegionOptions.SectionName}:MaxPendingNotifications must be 1 to 10000.")
            .Validate(o => o.CacheCapacity is >= 1 and <= 10_000_000, $"{RegionOptions.SectionName}:CacheCapacity must be 1 to 10000000.")
            .Validate(o => o.MaxQueuedSnapshots >= o.MaxSnapshotsPerWrite && o.MaxSnapshotsPerWrite >= 1,
                $"{RegionOptions.SectionName}:MaxSnapshotsPerWrite must be 1 or more and MaxQueuedSnapshots at least as many.")
            .Validate(o => o.MaxAlertsListed is >= 1 and <= 1_000, $"{RegionOptions.SectionName}:MaxAlertsListed must be 1 to 1000.")
            .Validate(o => o.FeedInterval >= TimeSpan.Zero && o.FeedInterval <= TimeSpan.FromSeconds(5), $"{RegionOptions.SectionName}:FeedInterval must be 00:00:00 to 00:00:05.")
            .ValidateOnStart();
        services.TryAddSingleton<RegionRows>();
        services.TryAddSingleton<RegionFeed>();
        services.TryAddSingleton(provider => new RegionStore(
            provider.GetRequiredService<InventoryTables>().Committer(provider.GetRequiredService<IOptions<InventoryTablesOptions>>().Value.RegionTable, "region"),
            provider.GetRequiredService<RegionRows>(), provider.GetRequiredService<StorageMetrics>()));
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.SectionName)
            .Validate(o => o.IndexCapacity is >= 1 and <= 100_000, $"{TransferOptions.SectionName}:IndexCapacity must be 1 to 100000.")
            .ValidateOnStart();
        // The section is an array, so it binds to a property rather than to the options object itself.
        services.AddOptions<WarehouseSeedOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.GetSection(WarehouseSeedOptions.SectionName).Bind(o.Warehouses))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WarehouseSeedOptions>, WarehouseSeedOptionsValidator>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WarehouseSeeder>();
        services.AddMetrics();
        services.TryAddSingleton<NotificationMetrics>();
        services.TryAddSingleton<RegionMetrics>();
        return services;
    }
}
