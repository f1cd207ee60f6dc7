using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Regions;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>The region rules without a cluster: per-product bounds, coalescing, shards and the options it starts with.</summary>
public sealed class RegionBookTests
{
    private const string RegionId = "north";

    private static RegionBook Book(int warehouses = 2, int transfers = 2) =>
        new(RegionId, new RegionOptions { MaxWarehousesPerProduct = warehouses, MaxTransfersPerProduct = transfers });

    private static void Apply(RegionBook book, RegionProduct product, params StockSnapshot[] snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            RegionBook.Validate(snapshot);
            book.Apply(product, snapshot);
        }
    }

    [Fact]
    public void AFullProductForgetsItsLongestDepartedWarehouseButRefusesWhenAllAreLiveAndThenChangesNothing()
    {
        var book = Book();
        var product = new RegionProduct();
        Apply(book, product, Snap(RegionId, "p1", "w1", 1, 5), Snap(RegionId, "p1", "w2", 1, 7));

        var error = Assert.Throws<RegionRefusedException>(() => book.Apply(product, Snap(RegionId, "p1", "w3", 1, 1)));
        Assert.Contains("Inventory:Regions:MaxWarehousesPerProduct", error.Message, StringComparison.Ordinal);
        Assert.Equal(12, book.View("p1", product).AvailableQuantity);

        Apply(book, product, Snap("south", "p1", "w1", 2, 5));
        Apply(book, product, Snap(RegionId, "p1", "w3", 1, 1));

        Assert.Equal(["w2", "w3"], product.Warehouses.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(8, book.View("p1", product).AvailableQuantity);
    }

    [Fact]
    public void AFullProductForgetsItsLongestArrivedTransferButRefusesWhenAllAreOnTheRoad()
    {
        var book = Book();
        var product = new RegionProduct();
        book.Apply(product, new TransitSnapshot("t1", "p1", "w1", 4, 1));
        book.Apply(product, new TransitSnapshot("t2", "p1", "w1", 6, 1));

        Assert.Throws<RegionRefusedException>(() => book.Apply(product, new TransitSnapshot("t3", "p1", "w1", 1, 1)));
        book.Apply(product, new TransitSnapshot("t1", "p1", "w1", 0, 2));
        book.Apply(product, new TransitSnapshot("t3", "p1", "w1", 1, 1));

        Assert.Equal(["t2", "t3"], product.Transfers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, book.View("p1", product).InTransitQuantity);
    }

    [Fact]
    public void CoalescingKeepsTheHigherSequenceAndAtATieTheDeparture()
    {
        var book = Book();
        var (stays, departs, newer) = (Snap(RegionId, "p1", "w1", 4, 5), Snap("south", "p1", "w1", 4, 5), Snap(RegionId, "p1", "w1", 5, 9));

        Assert.Same(newer, book.Newer(stays, newer));
        Assert.Same(newer, book.Newer(newer, departs));
        Assert.Same(departs, book.Newer(stays, departs));
        Assert.Same(departs, book.Newer(departs, stays));
    }

    [Fact]
    public void AnInvalidSnapshotIsRefusedNamingTheField()
    {
        Assert.Equal("product_id", Assert.Throws<ArgumentException>(() => RegionBook.Validate(Snap(RegionId, "bad id", "w1", 1, 5))).ParamName);
        Assert.Equal("warehouse_id", Assert.Throws<ArgumentException>(() => RegionBook.Validate(Snap(RegionId, "p1", "", 1, 5))).ParamName);
        Assert.Throws<ArgumentException>(() => RegionBook.Validate(Snap(RegionId, "p1", "w1", 1, -1)));
    }

    [Fact]
    public void ShardsAreStableAndSpreadProducts()
    {
        var shards = Enumerable.Range(0, 10_000).Select(i => RegionTableKeys.Shard($"SKU-{i}")).ToList();

        // FNV-1a of "SKU-0": the same in every process and version, unlike string.GetHashCode.
        Assert.Equal(RegionTableKeys.Shard("SKU-0"), shards[0]);
        Assert.Equal(RegionTableKeys.Shards, shards.Distinct().Count());
        Assert.All(shards.CountBy(shard => shard), shard => Assert.InRange(shard.Value, 200, 450));
    }

    [Fact]
    public void AnInvalidThresholdIsRefused()
    {
        Assert.Throws<ArgumentException>(() => RegionBook.Validate("p1", new StockThreshold(10, 10)));
        Assert.Throws<ArgumentException>(() => RegionBook.Validate("p1", new StockThreshold(-1, 10)));
    }

    [Theory]
    [InlineData("10", "10")]
    [InlineData("20", "10")]
    [InlineData("-1", "5")]
    public void DefaultThresholdsWhoseRecoveryIsNotAboveTheThresholdStopTheStart(string threshold, string recovery)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Regions:DefaultLowStockThreshold"] = threshold,
            ["Inventory:Regions:DefaultRecoveryLevel"] = recovery,
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRegionsAndTransfers().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RegionOptions>>().Value);

        Assert.Contains("DefaultRecoveryLevel", error.Message, StringComparison.Ordinal);
    }
}
