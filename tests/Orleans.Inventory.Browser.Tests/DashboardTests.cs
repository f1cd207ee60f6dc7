using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Orleans.Inventory.Browser.Tests;

/// <summary>
/// The operator dashboard in a real browser against the real embedded host: the seed scenario's stock, distribution
/// and trend on screen, then events sent through the API change the numbers and raise a low-stock alert live,
/// without a reload; axe finds no serious or critical accessibility violation at laptop or phone width. Screenshots
/// go to artifacts/browser/.
/// </summary>
public sealed class DashboardTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>, IAsyncLifetime
{
    private static readonly float Patience = 20_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync() => (_playwright, _browser) = await Browsers.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task TheSeedScenarioShowsAndALowStockAlertAppearsLiveWithoutReload()
    {
        // The README's seed scenario and threshold: 10 in, 5 out at warehouse_A; low at or below 4 in region_north
        // (set first: with the default threshold of 10, the first receipt of 10 would already be low).
        using (var threshold = await host.Http.PutAsync("api/regions/region_north/thresholds/SKU123",
                   JsonContent.Create(new { low_stock_threshold = 4, recovery_level = 8 })))
        {
            threshold.EnsureSuccessStatusCode();
        }

        await PostEventsAsync("""[{"event":"item_added","product_id":"SKU123","location":"warehouse_A","quantity":10,"timestamp":"2026-02-16T09:00:00Z"}]""");
        await PostEventsAsync("""[{"event":"item_removed","product_id":"SKU123","location":"warehouse_A","quantity":5,"timestamp":"2026-02-16T10:00:00Z"}]""");
        await PostEventsAsync("""[{"event":"item_added","product_id":"SKU123","location":"warehouse_C","quantity":6,"timestamp":"2026-02-16T10:30:00Z","device_id":"portal-3"}]""");
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(host.BaseAddress, "/").ToString());
        await host.SignInAsync(page);
        var available = page.Locator("#stock-table tbody tr[data-warehouse='warehouse_A'] td.num").First;
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live: connected", new() { Timeout = Patience });
        await Assertions.Expect(available).ToHaveTextAsync("5", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#stock-table tfoot [data-total='available']")).ToHaveTextAsync("11");
        await Assertions.Expect(page.Locator("#region-cards [data-region='region_north']")).ToContainTextAsync("5");
        var alert = page.Locator("#active-alerts li.low_stock[data-product='SKU123'][data-region='region_north']");
        await Assertions.Expect(alert).ToHaveCountAsync(0);
        // The seed leaves region_south low (6 available at warehouse_C, default threshold 10). Its alert is derived after
        // the events are answered, so the count is read once it is on the page, not before (it raced the count).
        await Assertions.Expect(page.Locator("#active-alerts li.low_stock[data-product='SKU123'][data-region='region_south']"))
            .ToHaveCountAsync(1, new() { Timeout = Patience });
        var activeBefore = int.Parse(await page.Locator("#alert-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#trend-note")).ToContainTextAsync("event times", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#ledger-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#health-status")).ToHaveTextAsync("Ready", new() { Timeout = Patience });
        Assert.Equal(2, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)?.data.datasets[0].data.length > 0).length - 1"));
        await page.ScreenshotAsync(new() { Path = Browsers.ArtifactPath("01-seed-scenario.png"), FullPage = true });
        await AssertAccessibleAsync(page, "laptop width, seed scenario");

        // Marked now; a reload would lose it.
        await page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        await PostEventsAsync($$"""[{"event":"item_removed","product_id":"SKU123","location":"warehouse_A","quantity":2,"timestamp":"{{now}}","device_id":"scanner-12","reason":"picked for order 1001"}]""");

        await Assertions.Expect(available).ToHaveTextAsync("3", new() { Timeout = Patience });
        await Assertions.Expect(alert).ToHaveCountAsync(1, new() { Timeout = Patience });
        await Assertions.Expect(alert).ToContainTextAsync("SKU123 in region_north: 3 available");
        await Assertions.Expect(page.Locator("#alert-count")).ToHaveTextAsync($"{activeBefore + 1}");
        await Assertions.Expect(page.Locator("#alert-history li.low_stock[data-product='SKU123'][data-region='region_north']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#region-cards [data-region='region_north'] .type.low_stock")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#ledger-table tbody tr")).ToHaveCountAsync(3, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#ledger-table tbody")).ToContainTextAsync("scanner-12");
        await Assertions.Expect(page.Locator("#trend-note")).ToContainTextAsync("3 of 3 event times", new() { Timeout = Patience });
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        await page.Locator("#history-count").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Browsers.ArtifactPath("02-low-stock-live.png"), FullPage = true });
        await AssertAccessibleAsync(page, "laptop width, alert raised");

        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
            "at phone width the page scrolls sideways (only tables may, inside their own region)");
        await page.ScreenshotAsync(new() { Path = Browsers.ArtifactPath("03-phone.png"), FullPage = true });
        await AssertAccessibleAsync(page, "phone width");

        Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join('\n', errors));
    }

    [Fact]
    public async Task TheKeyboardReachesTheSearchAndShowsAnotherProduct()
    {
        await PostEventsAsync("""[{"event":"item_added","product_id":"KEY-42","location":"warehouse_B","quantity":7,"timestamp":"2026-02-16T09:00:00Z"}]""");
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/").ToString());
        await host.SignInAsync(page);
        // The token stays in the tab's sessionStorage: a reload starts signed in, with focus at the top of the page.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#search-note")).ToContainTextAsync("Showing", new() { Timeout = Patience });

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("a.skip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#product")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("KEY-42");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#search-note")).ToHaveTextAsync("Showing KEY-42.", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#stock-table tbody tr[data-warehouse='warehouse_B'] td.num").First).ToHaveTextAsync("7");
        Assert.EndsWith("#product=KEY-42", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostServesMetricsTheOrleansDashboardAndNamedReadiness()
    {
        await PostEventsAsync("""[{"event":"item_added","product_id":"MET-1","location":"warehouse_A","quantity":1,"timestamp":"2026-02-16T09:00:00Z"}]""");

        // One device event through the host's Event Hubs endpoint, as a device sends it, for the device-path metrics.
        await using (var producer = new Azure.Messaging.EventHubs.Producer.EventHubProducerClient(host.EventHubsConnectionString, "inventory"))
        {
            await producer.SendAsync(
                [new Azure.Messaging.EventHubs.EventData(BinaryData.FromString("""{"event":"item_added","product_id":"MET-2","location":"warehouse_A","quantity":1,"timestamp":"2026-02-16T09:00:00Z","device_id":"rfid-1"}"""))],
                new Azure.Messaging.EventHubs.Producer.SendEventOptions { PartitionKey = "warehouse_A" });
        }

        // Issue 11's list, each by its Prometheus name: events by outcome, type and warehouse; send -> applied from the
        // enqueue time and from the event's own time; stream lag per partition (sequence numbers); consumer batch
        // sizes; storage operations by kind and their latency; region feed; the HTTP server's own.
        string[] expected =
        [
            "inventory_events_total{", "type=\"item_added\"", "warehouse=\"warehouse_A\"",
            "inventory_device_apply_duration_milliseconds_bucket{", "inventory_device_event_age_seconds_bucket{",
            "inventory_device_partition_lag{", "inventory_device_delivery_messages_bucket{",
            "inventory_storage_operations_total{", "inventory_storage_duration_milliseconds_bucket{",
            "http_server_request_duration_seconds_bucket{",
        ];
        var metrics = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(Patience);
        while (expected.Any(name => !metrics.Contains(name, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            metrics = await host.Http.GetStringAsync("metrics");
        }

        Assert.All(expected, name => Assert.Contains(name, metrics, StringComparison.Ordinal));

        using var orleans = await host.Http.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.OK, orleans.StatusCode);
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/orleans/").ToString());
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Silo", new() { Timeout = Patience });
        await page.ScreenshotAsync(new() { Path = Browsers.ArtifactPath("04-orleans-dashboard.png") });

        var ready = JsonNode.Parse(await host.Http.GetStringAsync("health/ready"))!;
        Assert.Equal("healthy", (string?)ready["status"]);
        var names = ready["checks"]!.AsArray().Select(c => (string?)c!["name"]).ToList();
        Assert.Contains("cluster", names);
        Assert.Contains("stock-table", names);
        Assert.Contains("event-hubs", names);

        var system = JsonNode.Parse(await host.Http.GetStringAsync("api/system"))!;
        Assert.Equal("Active", (string?)system["silos"]![0]!["status"]);
    }

    [Fact]
    public async Task TheInTransitColumnShowsTheOutstandingUnitsOfThisProductsLineOfATwoLineTransfer()
    {
        var (first, second, transfer) = ("TRL-1", "TRL-2", $"TR-{Guid.NewGuid():N}"[..16]);
        var arrival = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        string Event(string type, string product, string warehouse, long quantity, string extra = "") =>
            $$"""{"event":"{{type}}","product_id":"{{product}}","location":"{{warehouse}}","quantity":{{quantity}},"timestamp":"2026-02-16T09:00:00Z"{{extra}}}""";
        var shipped = $$""","reference":"{{transfer}}","destination":"warehouse_C","expected_arrival":"{{arrival}}" """;
        var received = $$""","reference":"{{transfer}}" """;
        await PostEventsAsync($"[{Event("item_added", first, "warehouse_A", 9)},{Event("item_added", second, "warehouse_A", 9)}]");
        await PostEventsAsync($"[{Event("transfer_shipped", first, "warehouse_A", 4, shipped)},{Event("transfer_shipped", second, "warehouse_A", 5, shipped)}]");
        // The first line arrives in full and two of the second: the transfer is partially received, three units still on the road.
        await PostEventsAsync($"[{Event("transfer_received", first, "warehouse_C", 4, received)},{Event("transfer_received", second, "warehouse_C", 2, received)}]");
        await WaitForAsync(async () => (string?)(await host.Http.GetFromJsonAsync<JsonObject>($"api/transfers/{transfer}"))?["status"] == "partially_received",
            "the transfer is partially received");
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"/#product={second}").ToString());
        await host.SignInAsync(page);

        await Assertions.Expect(page.Locator("#search-note")).ToHaveTextAsync($"Showing {second}.", new() { Timeout = Patience });
        // Columns: available, reserved, on hand, in transit, discrepancy.
        await Assertions.Expect(page.Locator("#stock-table tbody tr[data-warehouse='warehouse_C'] td.num").Nth(3)).ToHaveTextAsync("3", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#stock-table tbody tr[data-warehouse='warehouse_C'] td.num").Nth(0)).ToHaveTextAsync("2");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not before the deadline: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task WithoutATokenThePageAsksForOneAndTheApiRefuses()
    {
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/").ToString());

        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live: signed out");
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using var refused = await anonymous.GetAsync("api/stock/warehouse_A/SKU123");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.Locator("#token").FillAsync("not-a-token");
        await page.Locator("#signin button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#signin-note")).ToContainTextAsync("refused");
    }

    private async Task PostEventsAsync(string json)
    {
        using var response = await host.Http.PostAsync("api/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.DoesNotContain("\"outcome\":\"rejected\"", body, StringComparison.Ordinal);
    }

    private static async Task AssertAccessibleAsync(IPage page, string when)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe at {when}:\n" + string.Join('\n', serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
