using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Regions;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>The region rules without a cluster: the bounds of its state and the options it starts with.</summary>
public sealed class RegionBookTests
{
    private const string RegionId = "north";

    private static readonly DateTimeOffset Now = Infrastructure.Events.T0;

    private static RegionBook Book(RegionState state, int products = 2, int warehouses = 2, int transfers = 2) =>
        new(state, RegionId, new RegionOptions { MaxProducts = products, MaxWarehousesPerProduct = warehouses, MaxTransfersPerProduct = transfers });

    [Fact]
    public void OneProductTooManyIsRefusedWithAnErrorNamingTheLimitAndChangesNothing()
    {
        var state = new RegionState();
        var book = Book(state);
        book.ApplySnapshots([Snap(RegionId, "p1", "w1", 1, 5), Snap(RegionId, "p2", "w1", 1, 5)], Now);
        var outbox = state.Outbox.Count;

        book.Begin();
        var error = Assert.Throws<InvalidOperationException>(() => book.ApplySnapshots([Snap(RegionId, "p1", "w1", 2, 50), Snap(RegionId, "p3", "w1", 1, 5)], Now));
        book.Rollback();

        Assert.Contains("Inventory:Regions:MaxProducts", error.Message, StringComparison.Ordinal);
        Assert.Equal(["p1", "p2"], state.Products.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, book.View("p1").AvailableQuantity);
        Assert.Equal(outbox, state.Outbox.Count);
    }

    [Fact]
    public void AFullProductForgetsItsLongestDepartedWarehouseButRefusesWhenAllAreLive()
    {
        var state = new RegionState();
        var book = Book(state);
        book.ApplySnapshots([Snap(RegionId, "p1", "w1", 1, 5), Snap(RegionId, "p1", "w2", 1, 7)], Now);

        var error = Assert.Throws<InvalidOperationException>(() => book.ApplySnapshots([Snap(RegionId, "p1", "w3", 1, 1)], Now));
        Assert.Contains("MaxWarehousesPerProduct", error.Message, StringComparison.Ordinal);

        book.ApplySnapshots([Snap("south", "p1", "w1", 2, 5)], Now);
        book.ApplySnapshots([Snap(RegionId, "p1", "w3", 1, 1)], Now);

        Assert.Equal(["w2", "w3"], state.Products["p1"].Warehouses.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(8, book.View("p1").AvailableQuantity);
    }

    [Fact]
    public void AFullProductForgetsItsLongestArrivedTransferButRefusesWhenAllAreOnTheRoad()
    {
        var state = new RegionState();
        var book = Book(state);
        book.ApplyTransit([new TransitSnapshot("t1", "p1", "w1", 4, 1), new TransitSnapshot("t2", "p1", "w1", 6, 1)]);

        Assert.Throws<InvalidOperationException>(() => book.ApplyTransit([new TransitSnapshot("t3", "p1", "w1", 1, 1)]));
        book.ApplyTransit([new TransitSnapshot("t1", "p1", "w1", 0, 2)]);
        book.ApplyTransit([new TransitSnapshot("t3", "p1", "w1", 1, 1)]);

        Assert.Equal(["t2", "t3"], state.Products["p1"].Transfers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, book.View("p1").InTransitQuantity);
    }

    [Fact]
    public void AnInvalidThresholdIsRefused()
    {
        var book = Book(new RegionState());

        Assert.Throws<ArgumentException>(() => book.SetThreshold("p1", new StockThreshold(10, 10), Now, null));
        Assert.Throws<ArgumentException>(() => book.SetThreshold("p1", new StockThreshold(-1, 10), Now, null));
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
