using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>The region routes on the test server in front of the cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionApiTests(InventoryClusterFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body = null) =>
        Http.SendJsonAsync(method, path, body);

    [Fact]
    public async Task RegionalStockUsesTheStockRecordFieldNamesWithTransitBreakdownAndThreshold()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);
        await region.ApplyAsync(Snap(regionId, product, "w1", 4, 30, 5), Snap(regionId, product, "w2", 2, 12));
        await region.ApplyTransitAsync([new TransitSnapshot("t1", product, "w2", 7, 1)]);

        var (status, stock) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/stock/{product}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(regionId, (string?)stock["region_id"]);
        Assert.Equal(product, (string?)stock["product_id"]);
        Assert.Equal(42, (long?)stock["available_quantity"]);
        Assert.Equal(5, (long?)stock["reserved_quantity"]);
        Assert.Equal(47, (long?)stock["on_hand_quantity"]);
        Assert.Equal(7, (long?)stock["in_transit_quantity"]);
        Assert.False((bool?)stock["low_stock"]);
        Assert.Equal(10, (long?)stock["threshold"]!["low_stock_threshold"]);
        Assert.Equal(20, (long?)stock["threshold"]!["recovery_level"]);
        var warehouses = stock["warehouses"]!.AsArray();
        Assert.Equal(["w1", "w2"], warehouses.Select(w => (string?)w!["warehouse_id"]));
        Assert.Equal(30, (long?)warehouses[0]!["available_quantity"]);
        Assert.Equal(35, (long?)warehouses[0]!["on_hand_quantity"]);
        Assert.Equal(4, (long?)warehouses[0]!["sequence"]);
    }

    [Fact]
    public async Task AThresholdPutIsStoredAnsweredAndCanRaiseAnAlertListedByTheAlertsRoute()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        await fixture.Grains.GetGrain<IRegionGrain>(regionId).ApplyAsync(Snap(regionId, product, "w1", 1, 30));

        var (status, put) = await SendAsync(HttpMethod.Put, $"/api/regions/{regionId}/thresholds/{product}",
            """{"low_stock_threshold": 40, "recovery_level": 60}""");
        var (_, get) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/stock/{product}");
        var (alertsStatus, alerts) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/alerts");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(40, (long?)put["threshold"]!["low_stock_threshold"]);
        Assert.Equal(60, (long?)put["threshold"]!["recovery_level"]);
        Assert.True((bool?)put["low_stock"]);
        Assert.Equal(40, (long?)get["threshold"]!["low_stock_threshold"]);
        Assert.True((bool?)get["low_stock"]);
        Assert.Equal(HttpStatusCode.OK, alertsStatus);
        var alert = Assert.Single(alerts["alerts"]!.AsArray())!;
        Assert.Equal($"low_stock:{regionId}:{product}:1", (string?)alert["id"]);
        Assert.Equal("low_stock", (string?)alert["type"]);
        Assert.Equal(product, (string?)alert["product_id"]);
        Assert.Equal(30, (long?)alert["quantity"]);
        Assert.Equal(40, (long?)alert["threshold"]);

        await SendAsync(HttpMethod.Put, $"/api/regions/{regionId}/thresholds/{product}", """{"low_stock_threshold": 5, "recovery_level": 30}""");
        var (_, cleared) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/alerts");
        Assert.Empty(cleared["alerts"]!.AsArray());
    }

    [Fact]
    public async Task AlertsArePagedByTheNextCursorUntilEveryActiveAlertWasListedOnce()
    {
        var regionId = FreshRegion();
        var products = new[] { FreshProduct(), FreshProduct(), FreshProduct() };
        foreach (var product in products)
        {
            await fixture.Grains.GetGrain<IRegionGrain>(regionId).ApplyAsync(Snap(regionId, product, "w1", 1, 1));
        }

        var (firstStatus, first) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/alerts?limit=2");
        var next = (string?)first["next"];
        var (secondStatus, second) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/alerts?limit=2&after={Uri.EscapeDataString(next!)}");

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal(2, first["alerts"]!.AsArray().Count);
        Assert.Single(second["alerts"]!.AsArray());
        Assert.Null((string?)second["next"]);
        Assert.Equal(products.Order(StringComparer.Ordinal),
            first["alerts"]!.AsArray().Concat(second["alerts"]!.AsArray()).Select(alert => (string)alert!["product_id"]!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"recovery_level": 20}""", "low_stock_threshold")]
    [InlineData("""{"low_stock_threshold": -1, "recovery_level": 20}""", "low_stock_threshold")]
    [InlineData("""{"low_stock_threshold": "10", "recovery_level": 20}""", "low_stock_threshold")]
    [InlineData("""{"low_stock_threshold": 10}""", "recovery_level")]
    [InlineData("""{"low_stock_threshold": 10, "recovery_level": 10}""", "recovery_level")]
    [InlineData("""{"low_stock_threshold": 10, "recovery_level": 2.5}""", "recovery_level")]
    public async Task AnInvalidThresholdIsA400NamingTheField(string body, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/regions/{FreshRegion()}/thresholds/{FreshProduct()}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, (string?)problem["field"]);
        Assert.StartsWith($"{field}:", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/regions/bad%20region/stock/SKU1", "region_id")]
    [InlineData("/api/regions/north/stock/bad%23product", "product_id")]
    [InlineData("/api/regions/bad%20region/alerts", "region_id")]
    [InlineData("/api/regions/north/alerts?limit=0", "limit")]
    [InlineData("/api/regions/north/alerts?limit=1001", "limit")]
    [InlineData("/api/regions/north/alerts?after=p%7Cnot-a-cursor", "after")]
    [InlineData("/api/regions/north/alerts?after=0000000000000000001%7Cbad%23id", "after")]
    public async Task AnInvalidIdInTheRouteIsA400NamingIt(string path, string parameter)
    {
        var (status, problem) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, (string?)problem["parameter"]);
    }

    [Fact]
    public async Task ABodyThatIsNotAJsonObjectIsA400()
    {
        var (status, _) = await SendAsync(HttpMethod.Put, $"/api/regions/{FreshRegion()}/thresholds/{FreshProduct()}", "[1, 2]");
        var (badJson, _) = await SendAsync(HttpMethod.Put, $"/api/regions/{FreshRegion()}/thresholds/{FreshProduct()}", "{oops");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.BadRequest, badJson);
    }
}
