using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Warehouses;

/// <summary>The warehouses listed in appsettings.json are registered when the silo starts.</summary>
[Collection(AppSettingsClusterCollection.Name)]
public sealed class WarehouseSeedingTests(AppSettingsClusterFixture fixture)
{
    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task TheConfiguredWarehousesAreRegisteredAtSiloStart()
    {
        var (status, body) = await GetAsync("/api/warehouses");

        Assert.Equal(HttpStatusCode.OK, status);
        var regions = body["warehouses"]!.AsArray().ToDictionary(w => (string)w!["warehouse_id"]!, w => (string?)w!["region_id"]);
        Assert.Equal("region_north", regions["warehouse_A"]);
        Assert.Equal("region_north", regions["warehouse_B"]);
        Assert.Equal("region_south", regions["warehouse_C"]);
        var (_, a) = await GetAsync("/api/warehouses/warehouse_A");
        Assert.Equal("Warehouse A (North)", (string?)a["name"]);
    }
}
