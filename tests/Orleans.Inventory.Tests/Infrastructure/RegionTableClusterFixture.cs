using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// The default cluster with the region table behind a <see cref="RecordingInventoryTable"/> (rows counted, faults
/// injectable), and a region product cache of <see cref="CacheCapacity"/>, small enough for a large catalog to evict.
/// </summary>
public sealed class RegionTableClusterFixture : InventoryClusterFixture
{
    public const int CacheCapacity = 20_000;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Regions:CacheCapacity"] = CacheCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public RecordingInventoryTable RegionTable => SiloService<RecordingInventoryTable>();

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton(new RecordingInventoryTable(new MemoryInventoryTable("InventoryRegions")));
        silo.Services.AddSingleton(provider => new RegionStore(
            new TableCommitter(provider.GetRequiredService<RecordingInventoryTable>(), "region", provider.GetRequiredService<StorageMetrics>(),
                provider.GetRequiredService<ILogger<TableCommitter>>()),
            provider.GetRequiredService<RegionRows>(), provider.GetRequiredService<StorageMetrics>()));
    }
}

[CollectionDefinition(Name)]
public sealed class RegionTableClusterCollection : ICollectionFixture<RegionTableClusterFixture>
{
    public const string Name = "region-table cluster";
}
