using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Warehouses;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Tests.Warehouses;

/// <summary>The warehouse registry: seeded at silo start from configuration, changed and read through the API.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WarehouseTests(InventoryClusterFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string FreshWarehouse() => $"wh-{Guid.NewGuid():N}"[..20];

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task APutRegistersOrChangesAWarehouseAndAnswersTheStoredRecord()
    {
        var id = FreshWarehouse();

        var (created, first) = await SendAsync(HttpMethod.Put, $"/api/warehouses/{id}", """{"region_id": "region_east", "name": "East dock"}""");
        var (changed, second) = await SendAsync(HttpMethod.Put, $"/api/warehouses/{id}", """{"region_id": "region_west"}""");
        var (_, list) = await SendAsync(HttpMethod.Get, "/api/warehouses");
        var (_, one) = await SendAsync(HttpMethod.Get, $"/api/warehouses/{id}");

        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal((id, "region_east", "East dock"), ((string?)first["warehouse_id"], (string?)first["region_id"], (string?)first["name"]));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal(("region_west", id), ((string?)second["region_id"], (string?)second["name"]));
        Assert.Equal("region_west", (string?)list["warehouses"]!.AsArray().Single(w => (string?)w!["warehouse_id"] == id)!["region_id"]);
        Assert.Equal("region_west", (string?)one["region_id"]);
    }

    [Theory]
    [InlineData("""{"name": "x"}""", "region_id")]
    [InlineData("""{"region_id": ""}""", "region_id")]
    [InlineData("""{"region_id": "north/east"}""", "region_id")]
    [InlineData("""{"region_id": 7}""", "region_id")]
    [InlineData("""{"region_id": "north", "name": 5}""", "name")]
    public async Task AnInvalidBodyIsA400NamingTheField(string body, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/warehouses/{FreshWarehouse()}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, (string?)problem["field"]);
        Assert.StartsWith($"{field}:", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameLongerThanTheLimitIsA400()
    {
        var body = $$"""{"region_id": "north", "name": "{{new string('n', WarehouseInfo.MaxNameLength + 1)}}"}""";

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/warehouses/{FreshWarehouse()}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("name", (string?)problem["field"]);
    }

    [Fact]
    public async Task AnInvalidWarehouseIdInTheRouteIsA400AndAnUnknownOneA404()
    {
        var (invalid, problem) = await SendAsync(HttpMethod.Put, "/api/warehouses/bad%20id", """{"region_id": "north"}""");
        var (unknown, _) = await SendAsync(HttpMethod.Get, $"/api/warehouses/{FreshWarehouse()}");

        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Equal("warehouse_id", (string?)problem["parameter"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task SeedingAddsWhatIsMissingAndNeverUndoesARunTimeChange()
    {
        var (changed, added) = (FreshWarehouse(), FreshWarehouse());
        await SendAsync(HttpMethod.Put, $"/api/warehouses/{changed}", """{"region_id": "region_moved", "name": "Moved"}""");
        var seeder = new WarehouseSeeder(fixture.Grains, Options.Create(new WarehouseSeedOptions
        {
            Warehouses =
            [
                new() { WarehouseId = changed, RegionId = "region_configured", Name = "Configured" },
                new() { WarehouseId = added, RegionId = "region_configured" },
            ],
        }), fixture.SiloService<SystemCaller>(), NullLogger<WarehouseSeeder>.Instance);

        await seeder.SeedAsync(CancellationToken.None);

        var registry = fixture.Grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key);
        Assert.Equal(new WarehouseInfo(changed, "region_moved", "Moved"), await registry.GetAsync(changed));
        Assert.Equal(new WarehouseInfo(added, "region_configured", added), await registry.GetAsync(added));
    }

    [Fact]
    public void BadSeedConfigurationIsRefusedNamingTheEntryAndField()
    {
        var options = new WarehouseSeedOptions
        {
            Warehouses =
            [
                new() { WarehouseId = "w1", RegionId = "north" },
                new() { WarehouseId = "w1", RegionId = "south" },
                new() { WarehouseId = "w 2", RegionId = "" },
            ],
        };

        var result = new WarehouseSeedOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            ["Inventory:Warehouses:1:WarehouseId 'w1' is listed twice.", "Inventory:Warehouses:2:WarehouseId", "Inventory:Warehouses:2:RegionId"],
            result.Failures!.Select(f => f.StartsWith("Inventory:Warehouses:1", StringComparison.Ordinal) ? f : string.Join(' ', f.Split(' ')[0])));
    }
}
