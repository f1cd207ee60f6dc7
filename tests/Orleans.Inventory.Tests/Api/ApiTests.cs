using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.TestingHost;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Api;

/// <summary>Every route of the HTTP API, hosted on a test server in front of a real in-process cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiTests(InventoryClusterFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static string SeedEvent(StockKey key, string type = "item_removed", int quantity = 5, string time = "2026-02-16T10:00:00Z") =>
        $$"""{"event":"{{type}}","product_id":"{{key.ProductId}}","location":"{{key.WarehouseId}}","quantity":{{quantity}},"timestamp":"{{time}}"}""";

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string body, string contentType = "application/json")
    {
        using var response = await Http.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private async Task<JsonNode> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task TheSeedScenarioLeavesFiveAnswersDuplicateOnRepeatAndShowsInTheLedger()
    {
        var key = await fixture.NewKeyAsync();

        var (_, added) = await PostAsync(SeedEvent(key, "item_added", 10, "2026-02-16T09:00:00Z"));
        var (status, first) = await PostAsync(SeedEvent(key));
        var (_, again) = await PostAsync(SeedEvent(key));
        var stock = await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}");
        var ledger = await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}/ledger");

        Assert.Equal("applied", (string?)added["results"]![0]!["outcome"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("applied", (string?)first["results"]![0]!["outcome"]);
        Assert.Equal("duplicate", (string?)again["results"]![0]!["outcome"]);
        Assert.Equal(1, (int?)again["duplicate"]);
        Assert.Equal(5, (long?)stock["available_quantity"]);
        Assert.Equal(0, (long?)stock["reserved_quantity"]);
        Assert.Equal(2, (long?)stock["version"]);
        Assert.Equal(key.ProductId, (string?)stock["product_id"]);
        Assert.Equal(key.WarehouseId, (string?)stock["warehouse_id"]);
        Assert.NotNull(stock["last_updated"]);
        var entries = ledger["entries"]!.AsArray();
        Assert.Equal(["applied", "applied", "duplicate"], entries.Select(e => (string?)e!["outcome"]));
        Assert.Equal("item_removed", (string?)entries[1]!["type"]);
        Assert.Equal(-5, (long?)entries[1]!["quantity_change"]);
        Assert.Equal(5, (long?)entries[1]!["available_after"]);
        Assert.All(entries, e => Assert.NotNull(e!["event_id"]));
        Assert.All(entries, e => Assert.NotNull(e!["recorded_at"]));
        Assert.All(entries, e => Assert.Equal("unknown", (string?)e!["source"]));
    }

    [Fact]
    public async Task AnInvalidEventNeverCostsAValidSiblingItsEffect()
    {
        var key = await fixture.NewKeyAsync();
        var body = $"[{SeedEvent(key, "item_added", 8)}, {{\"event\":\"item_added\"}}, 7, {SeedEvent(key, "item_removed", 3, "2026-02-16T11:00:00Z")}]";

        var (status, response) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = response["results"]!.AsArray();
        Assert.Equal(["applied", "rejected", "rejected", "applied"], results.Select(r => (string?)r!["outcome"]));
        Assert.Equal("missing_field", (string?)results[1]!["code"]);
        Assert.StartsWith("product_id:", (string?)results[1]!["reason"], StringComparison.Ordinal);
        Assert.Equal("not_an_object", (string?)results[2]!["code"]);
        Assert.Equal(2, (int?)response["applied"]);
        Assert.Equal(2, (int?)response["rejected"]);
        var stock = await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}");
        Assert.Equal(5, (long?)stock["available_quantity"]);
    }

    [Fact]
    public async Task RejectedEventsAreDeadLetteredWithTheirReasonNewestFirst()
    {
        var marker = $"dl-{Guid.NewGuid():N}"[..16];
        var body = $$"""
            [{"event":"item_added","product_id":"{{marker}}","location":"w1","quantity":-1,"timestamp":"2026-02-16T10:00:00Z"},
             {"event":"item_added","product_id":"{{marker}}","location":"w1","quantity":2,"timestamp":"not a time"}]
            """;

        await PostAsync(body);
        var letters = await GetJsonAsync("/api/dead-letters?limit=1000");

        var ours = letters["items"]!.AsArray().Where(l => (string?)l!["product_id"] == marker).ToList();
        Assert.Equal(2, ours.Count);
        Assert.Contains(ours, l => (string?)l!["field"] == "quantity" && ((string?)l["reason"])!.StartsWith("quantity:", StringComparison.Ordinal));
        Assert.Contains(ours, l => (string?)l!["field"] == "timestamp" && (string?)l["source"] == "api");
        Assert.All(ours, l => Assert.Contains(marker, (string?)l!["payload"], StringComparison.Ordinal));
        Assert.True((long?)letters["total"] >= 2);
        var times = letters["items"]!.AsArray().Select(l => DateTimeOffset.Parse((string)l!["recorded_at"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    [InlineData("[]")]
    public async Task ABodyThatIsNotAnEventOrArrayIsA400Problem(string body)
    {
        using var response = await Http.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    [Fact]
    public async Task AnOversizedBodyIsA413Problem()
    {
        var key = await fixture.NewKeyAsync();
        var huge = $"[{string.Join(',', Enumerable.Repeat(SeedEvent(key), 9000))}]"; // > 1 MiB

        using var response = await Http.PostAsync("/api/events", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("bytes", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        Assert.Equal(0, (long?)(await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}"))["version"]);
    }

    [Fact]
    public async Task ABatchOverTheLimitIsA413ProblemAndAppliesNothing()
    {
        var key = await fixture.NewKeyAsync();
        var events = Enumerable.Range(0, 1001).Select(i => SeedEvent(key, "item_added", 1, $"2026-02-16T10:{i / 60 % 60:D2}:{i % 60:D2}Z"));

        var (status, problem) = await PostAsync($"[{string.Join(',', events)}]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("1001 events", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(0, (long?)(await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}"))["version"]);
    }

    [Fact]
    public async Task CurlsDefaultFormContentTypeIsReadAsJson()
    {
        var key = await fixture.NewKeyAsync();

        var (status, body) = await PostAsync(SeedEvent(key, "item_added", 1), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("applied", (string?)body["results"]![0]!["outcome"]);
    }

    [Fact]
    public async Task AStorageFailureIsA503WithPerEventResultsAndResendingTheBodyIsSafe()
    {
        var key = await fixture.NewKeyAsync();
        var body = $"[{SeedEvent(key, "item_added", 10, "2026-02-16T09:00:00Z")}, {SeedEvent(key)}]";
        var grain = fixture.Grains.Stock(key);
        await grain.GetAsync();
        fixture.StockTableOf(key).FailSubmits(key.ProductId, times: 1);

        var (failedStatus, failed) = await PostAsync(body);
        var (retryStatus, retried) = await PostAsync(body);
        var (_, repeated) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failedStatus);
        Assert.All(failed["results"]!.AsArray(), r => Assert.Equal("failed", (string?)r!["outcome"]));
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal(2, (int?)retried["applied"]);
        Assert.Equal(2, (int?)repeated["duplicate"]);
        Assert.Equal(5, (long?)(await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}"))["available_quantity"]);
    }

    [Fact]
    public async Task ThePairNeverSeenIsZeroStockAtVersionZero()
    {
        var key = await fixture.NewKeyAsync();

        var stock = await GetJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}");

        Assert.Equal(0, (long?)stock["available_quantity"]);
        Assert.Equal(0, (long?)stock["version"]);
        Assert.Null(stock["last_updated"]);
    }

    [Fact]
    public async Task TheLedgerFiltersByEventTimeAndPagesBySequence()
    {
        var key = await fixture.NewKeyAsync();
        var events = Enumerable.Range(0, 6).Select(i => SeedEvent(key, "item_added", 1, $"2026-02-16T10:0{i}:00Z"));
        await PostAsync($"[{string.Join(',', events)}]");
        var path = $"/api/stock/{key.WarehouseId}/{key.ProductId}/ledger";

        var window = await GetJsonAsync($"{path}?from=2026-02-16T10:01:00Z&to=2026-02-16T10:03:00Z");
        var page1 = await GetJsonAsync($"{path}?limit=4");
        var page2 = await GetJsonAsync($"{path}?after={(long?)page1["next_after"]}&limit=4");

        Assert.Equal([2L, 3], window["entries"]!.AsArray().Select(e => (long)e!["sequence"]!));
        Assert.Equal([1L, 2, 3, 4], page1["entries"]!.AsArray().Select(e => (long)e!["sequence"]!));
        Assert.Equal([5L, 6], page2["entries"]!.AsArray().Select(e => (long)e!["sequence"]!));
        Assert.Null(page2["next_after"]);
    }

    [Theory]
    [InlineData("/api/stock/w1/SKU1/ledger?from=yesterday", "from")]
    [InlineData("/api/stock/w1/SKU1/ledger?to=soon", "to")]
    [InlineData("/api/stock/w1/SKU1/ledger?from=2026-02-16T10:00:00Z&to=2026-02-16T09:00:00Z", "to")]
    [InlineData("/api/stock/w1/SKU1/ledger?after=-1", "after")]
    [InlineData("/api/stock/w1/SKU1/ledger?limit=0", "limit")]
    [InlineData("/api/stock/w1/SKU1/ledger?limit=5000", "limit")]
    [InlineData("/api/stock/w%231/SKU1", "warehouse_id")]
    [InlineData("/api/stock/w1/SKU%20X", "product_id")]
    [InlineData("/api/products/SKU%3F1/stock", "product_id")]
    [InlineData("/api/dead-letters?limit=abc", "limit")]
    [InlineData("/api/dead-letters?limit=1001", "limit")]
    public async Task AnInvalidParameterIsA400ProblemThatNamesIt(string path, string parameter)
    {
        var problem = await GetJsonAsync(path, HttpStatusCode.BadRequest);

        Assert.Equal(parameter, (string?)problem["parameter"]);
        Assert.StartsWith(parameter + ":", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProductIsAnsweredAcrossWarehousesWithTotals()
    {
        var product = $"P-{Guid.NewGuid():N}"[..20];
        await fixture.RegisterAsync(new StockKey("north", product));
        await fixture.RegisterAsync(new StockKey("south", product));
        await PostAsync($$"""
            [{"event":"item_added","product_id":"{{product}}","location":"north","quantity":4,"timestamp":"2026-02-16T10:00:00Z"},
             {"event":"item_added","product_id":"{{product}}","location":"south","quantity":6,"timestamp":"2026-02-16T10:00:00Z"}]
            """);

        // The product index is derived work, carried out just after the commit.
        var answer = await Eventually.WaitForAsync(() => GetJsonAsync($"/api/products/{product}/stock"),
            found => found["warehouses"]!.AsArray().Count == 2, what: "both warehouses in the product's stock");

        Assert.Equal(product, (string?)answer["product_id"]);
        Assert.Equal(["north", "south"], answer["warehouses"]!.AsArray().Select(w => (string?)w!["warehouse_id"]));
        Assert.Equal(10, (long?)answer["available_quantity"]);
        Assert.Equal(10, (long?)answer["on_hand_quantity"]);
    }

    [Fact]
    public async Task HealthEndpointsAnswerLiveAndReady()
    {
        using var live = await Http.GetAsync("/health/live");
        using var ready = await Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)report["status"]);
        Assert.Contains(report["checks"]!.AsArray(), check => (string?)check!["name"] == "cluster" && (string?)check["status"] == "healthy");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRoute()
    {
        var document = await GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/events", paths);
        Assert.Contains("/api/stock/{warehouse_id}/{product_id}", paths);
        Assert.Contains("/api/stock/{warehouse_id}/{product_id}/ledger", paths);
        Assert.Contains("/api/products/{product_id}/stock", paths);
        Assert.Contains("/api/dead-letters", paths);
    }

    [Fact]
    public async Task EventsFromManyProductsInOneBodyAllReachTheirGrains()
    {
        var keys = new List<StockKey>();
        for (var i = 0; i < 25; i++)
        {
            keys.Add(await fixture.NewKeyAsync());
        }

        var body = JsonSerializer.Serialize(keys.Select(k => new Dictionary<string, object>
        {
            ["event"] = "item_added", ["product_id"] = k.ProductId, ["location"] = k.WarehouseId, ["quantity"] = 3,
            ["timestamp"] = "2026-02-16T10:00:00Z", ["device_id"] = "rfid-portal-1",
        }));

        var (_, response) = await PostAsync(body);

        Assert.Equal(25, (int?)response["applied"]);
        foreach (var key in keys)
        {
            var record = await fixture.Grains.Stock(key).GetAsync();
            Assert.Equal(3, record.AvailableQuantity);
        }

        var ledger = await GetJsonAsync($"/api/stock/{keys[0].WarehouseId}/{keys[0].ProductId}/ledger");
        Assert.Equal("rfid-portal-1", (string?)ledger["entries"]![0]!["source"]);
    }
}
