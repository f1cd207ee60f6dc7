namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// The default cluster (its region table, <see cref="InventoryClusterFixture.RegionTable"/>, counts rows and injects
/// faults like every table of the fixture), with a region product cache of <see cref="CacheCapacity"/>, small enough
/// for a large catalog to evict.
/// </summary>
public sealed class RegionTableClusterFixture : InventoryClusterFixture
{
    public const int CacheCapacity = 20_000;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Regions:CacheCapacity"] = CacheCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class RegionTableClusterCollection : ICollectionFixture<RegionTableClusterFixture>
{
    public const string Name = "region-table cluster";
}
