using System.Net;
using Orleans.Inventory.Api.LiveUpdates;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Events;
using Orleans.Inventory.Tests.Infrastructure;
using TestEvents = Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Security;

/// <summary>The warehouse-scope claim on routes that touch several warehouses at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WarehouseScopeTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task AnEventForAWarehouseOutsideTheScopeIsRejectedAndItsSiblingsApply()
    {
        var mine = await fixture.NewKeyAsync();
        var theirs = await fixture.NewKeyAsync();
        using var device = fixture.CreateClient(fixture.Tokens.Create("portal-7", [InventoryRoles.Device], [mine.WarehouseId]));
        var body = $$"""
            [{"event":"item_added","product_id":"{{mine.ProductId}}","location":"{{mine.WarehouseId}}","quantity":4,"timestamp":"2026-02-16T09:00:00Z"},
             {"event":"item_removed","product_id":"{{theirs.ProductId}}","location":"{{theirs.WarehouseId}}","quantity":3,"timestamp":"2026-02-16T09:00:00Z"},
             {"event":"item_added","product_id":"{{mine.ProductId}}","location":"{{mine.WarehouseId}}","quantity":1,"timestamp":"2026-02-16T09:05:00Z"}]
            """;

        var (status, answer) = await device.SendJsonAsync(HttpMethod.Post, "/api/events", body);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = answer["results"]!.AsArray();
        Assert.Equal(["applied", "rejected", "applied"], results.Select(r => (string?)r!["outcome"]));
        Assert.Equal(RejectionCodes.ForbiddenWarehouse, (string?)results[1]!["code"]);
        Assert.Contains("location", (string?)results[1]!["reason"], StringComparison.Ordinal);
        Assert.Equal(5, (await fixture.Grains.Stock(mine).GetAsync()).AvailableQuantity);
        Assert.Equal(0, (await fixture.Grains.Stock(theirs).GetAsync()).Version);
        var letters = await fixture.Http.GetStringAsync("/api/dead-letters?limit=1000");
        Assert.DoesNotContain(theirs.ProductId, letters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClerkCannotReserveAtAnotherWarehouse()
    {
        var mine = await fixture.NewKeyAsync();
        var theirs = await fixture.NewKeyAsync();
        await fixture.Grains.Stock(theirs).ApplyOneAsync(TestEvents.Added(theirs, 10, TestEvents.T0));
        using var clerk = fixture.CreateClient(fixture.Tokens.Create("clerk-1", [InventoryRoles.Clerk], [mine.WarehouseId]));

        var (status, problem) = await clerk.SendJsonAsync(HttpMethod.Post, $"/api/stock/{theirs.WarehouseId}/{theirs.ProductId}/reservations",
            """{"reservation_id":"steal-1","quantity":10}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(RejectionCodes.ForbiddenWarehouse, (string?)problem["code"]);
        Assert.Equal(10, (await fixture.Grains.Stock(theirs).GetAsync()).AvailableQuantity);
    }

    [Fact]
    public async Task AProductsStockEverywhereShowsOnlyTheWarehousesInScope()
    {
        var product = TestEvents.FreshKey().ProductId;
        var a = await fixture.RegisterAsync(new StockKey($"wa-{Guid.NewGuid():N}", product));
        var b = await fixture.RegisterAsync(new StockKey($"wb-{Guid.NewGuid():N}", product));
        await fixture.Grains.Stock(a).ApplyOneAsync(TestEvents.Added(a, 2, TestEvents.T0));
        await fixture.Grains.Stock(b).ApplyOneAsync(TestEvents.Added(b, 3, TestEvents.T0));
        using var viewer = fixture.CreateClient(fixture.Tokens.Create("viewer-a", [InventoryRoles.Viewer], [a.WarehouseId]));

        var answer = await Eventually.WaitForAsync(async () => (await fixture.Http.SendJsonAsync(HttpMethod.Get, $"/api/products/{product}/stock")).Body,
            body => (long?)body["available_quantity"] == 5, TimeSpan.FromSeconds(10), "both warehouses indexed");
        var (status, scoped) = await viewer.SendJsonAsync(HttpMethod.Get, $"/api/products/{product}/stock");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, (long?)answer["available_quantity"]);
        Assert.Equal(2, (long?)scoped["available_quantity"]);
        Assert.Equal([a.WarehouseId], scoped["warehouses"]!.AsArray().Select(r => (string?)r!["warehouse_id"]));
    }

    [Fact]
    public async Task AScopedManagerMustNameAWarehouseToReplay()
    {
        using var manager = fixture.CreateClient(fixture.Tokens.Create("manager-a", [InventoryRoles.Manager], ["warehouse_A"]));

        var (status, _) = await manager.SendJsonAsync(HttpMethod.Post, "/api/dead-letters/replay");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task ATokenInTheQueryIsReadOnTheLiveStreamOnly()
    {
        using var anonymous = fixture.CreateClient(null);
        var token = fixture.Tokens.CreateAdmin("query-token");

        using var elsewhere = await anonymous.GetAsync($"/api/warehouses?access_token={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public void TheLiveStreamHidesOtherWarehousesFromAScopedPrincipal()
    {
        var scope = WarehouseScope.Of(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(InventoryClaims.Warehouse, "warehouse_A")], "test")));
        var filter = new LiveFilter(Scope: scope);

        Assert.True(filter.Matches(Item("warehouse_A")));
        Assert.False(filter.Matches(Item("warehouse_B")));
        Assert.True(filter.Matches(Item(null)));
    }

    private static LiveItem Item(string? warehouseId) =>
        new(1, "stock_changed", warehouseId, "region_north", "SKU1", "{}"u8.ToArray());
}
