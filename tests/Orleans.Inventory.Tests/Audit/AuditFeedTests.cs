using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Webhooks.WebhookTestKit;

namespace Orleans.Inventory.Tests.Audit;

/// <summary>
/// The audit feed over HTTP on the default cluster: each administrative route's call appears in <c>GET /api/audit</c>
/// with who did what, only auditors and admins may read it, and denied attempts are recorded counted, not one by one.
/// Each test acts as a principal (or from an address) of its own and filters the feed by it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditFeedTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task AThresholdChangeIsInTheFeedWithWhoAndWhat()
    {
        var (manager, actor) = Principal(InventoryRoles.Manager);
        var product = $"SKU-audit-{Guid.NewGuid():N}";
        var (status, _) = await manager.SendJsonAsync(HttpMethod.Put, $"/api/regions/audit-region/thresholds/{product}",
            """{"low_stock_threshold":5,"recovery_level":12}""");
        Assert.Equal(HttpStatusCode.OK, status);

        var record = Assert.Single(await FeedAsync(actor, AuditActions.ThresholdSet, count: 1));
        Assert.Equal($"audit-region/{product}", (string?)record["target"]);
        Assert.Equal(AuditActions.Ok, (string?)record["outcome"]);
        Assert.Equal("http", (string?)record["channel"]);
        Assert.Equal(200, (int?)record["status"]);
        Assert.Equal("low_stock_threshold=5, recovery_level=12", (string?)record["detail"]);
    }

    [Fact]
    public async Task ARegistryChangeIsInTheFeedWithTheRegionBeforeAndAfter()
    {
        var (manager, actor) = Principal(InventoryRoles.Manager);
        var warehouse = $"wh-audit-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await manager.SendJsonAsync(HttpMethod.Put, $"/api/warehouses/{warehouse}", """{"region_id":"north"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await manager.SendJsonAsync(HttpMethod.Put, $"/api/warehouses/{warehouse}", """{"region_id":"south"}""")).Status);
        // A refused change is recorded too, with the reason and what was wrong.
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.SendJsonAsync(HttpMethod.Put, $"/api/warehouses/{warehouse}", "{}")).Status);

        var records = await FeedAsync(actor, AuditActions.WarehousePut, count: 3);
        Assert.All(records, r => Assert.Equal(warehouse, (string?)r["target"]));
        Assert.Equal($"registered: region_id=north, name={warehouse}", (string?)records[0]["detail"]);
        Assert.Equal($"region_id=north -> south, name={warehouse} -> {warehouse}", (string?)records[1]["detail"]);
        Assert.Equal(AuditActions.Refused, (string?)records[2]["outcome"]);
        Assert.Equal(AuditActions.Invalid, (string?)records[2]["reason"]);
        Assert.Contains("region_id", (string?)records[2]["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebhookCreationIsInTheFeedUnderTheNewWebhooksIdWithoutItsSecretOrPath()
    {
        var (manager, actor) = Principal(InventoryRoles.Manager);
        var (status, created) = await manager.SendJsonAsync(HttpMethod.Post, "/api/webhooks",
            $$"""{"url":"http://127.0.0.1:9/hooks/private-path","secret":"{{Secret}}"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)created["id"]!;
        try
        {
            var record = Assert.Single(await FeedAsync(actor, AuditActions.WebhookCreate, count: 1));
            Assert.Equal(id, (string?)record["target"]);
            Assert.Equal(201, (int?)record["status"]);
            Assert.Equal("url host=127.0.0.1:9, notification_types=all", (string?)record["detail"]);
            Assert.DoesNotContain(Secret, record.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("private-path", record.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DeleteAsync(id);
        }
    }

    [Fact]
    public async Task ADeadLetterReplayIsInTheFeedWithItsFiltersAndWhatItResolved()
    {
        var (manager, actor) = Principal(InventoryRoles.Manager);
        var warehouse = $"wh-audit-{Guid.NewGuid():N}";
        var (status, answer) = await manager.SendJsonAsync(HttpMethod.Post, $"/api/dead-letters/replay?warehouse_id={warehouse}&code=unknown_warehouse");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (int?)answer["matched"]);

        var record = Assert.Single(await FeedAsync(actor, AuditActions.DeadLetterReplay, count: 1));
        Assert.Equal($"dead-letters code=unknown_warehouse warehouse_id={warehouse}", (string?)record["target"]);
        Assert.Equal("matched=0, resolved=0", (string?)record["detail"]);
    }

    [Fact]
    public async Task OnlyAuditorsAndAdminsReadTheFeedAndAnotherRolesAttemptIsRecordedAsDenied()
    {
        var (auditor, _) = Principal(InventoryRoles.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("/api/audit")).StatusCode);
        foreach (var role in InventoryRoles.All.Except([InventoryRoles.Auditor, InventoryRoles.Admin]))
        {
            var (other, _) = Principal(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/audit")).StatusCode);
        }

        var (manager, actor) = Principal(InventoryRoles.Manager);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/audit")).StatusCode);
        var denied = Assert.Single(await FeedAsync(actor, AuditActions.AuthDenied, count: 1));
        Assert.Equal("GET /api/audit", (string?)denied["target"]);
        Assert.Equal(AuditActions.Forbidden, (string?)denied["reason"]);
        Assert.Equal(403, (int?)denied["status"]);
        Assert.Equal(1, (long?)denied["count"]);
    }

    [Fact]
    public async Task AnUnauthenticatedFloodIsRefusedAndRecordedAsCountsPerAddressNotRowPerRequest()
    {
        // An address of the documentation range, this test's own: the feed is filtered by it below.
        var address = IPAddress.Parse($"198.51.100.{Random.Shared.Next(1, 255)}");
        var server = (TestServer)fixture.ApiServices.GetRequiredService<IServer>();
        const int Attempts = 25;
        for (var i = 0; i < Attempts; i++)
        {
            var context = await server.SendAsync(c =>
            {
                c.Request.Method = "PUT";
                c.Request.Path = "/api/regions/audit-region/thresholds/SKU-anonymous";
                c.Connection.RemoteIpAddress = address;
            });
            Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        }

        var records = await Eventually.WaitForAsync(
            async () => (await ReadAsync($"/api/audit?action={AuditActions.AuthDenied}&actor={AuditActions.Anonymous}&limit=1000"))
                .Where(r => (string?)r["remote"] == address.ToString()).ToList(),
            rs => rs.Sum(r => (long)r["count"]!) >= Attempts, TimeSpan.FromSeconds(30), "the denied attempts are counted in the feed");
        Assert.Equal(Attempts, records.Sum(r => (long)r["count"]!));
        // One record per flush of the counts (every FlushPeriod), not one per attempt.
        Assert.InRange(records.Count, 1, 3);
        Assert.All(records, r =>
        {
            Assert.Equal("PUT /api/regions/{region_id}/thresholds/{product_id}", (string?)r["target"]);
            Assert.Equal(AuditActions.Unauthenticated, (string?)r["reason"]);
            Assert.Equal(401, (int?)r["status"]);
        });
    }

    [Fact]
    public async Task EventsOfABatchOutsideTheCallersWarehousesAreCountedPerWarehouseInTheFeed()
    {
        var mine = await fixture.NewKeyAsync();
        var theirs = await fixture.NewKeyAsync();
        var subject = $"audit-device-{Guid.NewGuid():N}";
        using var device = fixture.CreateClient(fixture.Tokens.Create(subject, [InventoryRoles.Device], [mine.WarehouseId]));
        var body = $$"""
            [{"event":"item_added","product_id":"{{mine.ProductId}}","location":"{{mine.WarehouseId}}","quantity":4,"timestamp":"2026-02-16T09:00:00Z"},
             {"event":"item_added","product_id":"{{theirs.ProductId}}","location":"{{theirs.WarehouseId}}","quantity":3,"timestamp":"2026-02-16T09:00:00Z"},
             {"event":"item_removed","product_id":"{{theirs.ProductId}}","location":"{{theirs.WarehouseId}}","quantity":1,"timestamp":"2026-02-16T09:01:00Z"},
             {"event":"item_added","product_id":"{{theirs.ProductId}}","location":"{{theirs.WarehouseId}}","quantity":2,"timestamp":"2026-02-16T09:02:00Z"}]
            """;
        var (status, answer) = await device.SendJsonAsync(HttpMethod.Post, "/api/events", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, answer["results"]!.AsArray().Count(r => (string?)r!["code"] == "forbidden_warehouse"));

        var records = await Eventually.WaitForAsync(
            () => ReadAsync($"/api/audit?actor={Uri.EscapeDataString($"user:{subject}")}&action={AuditActions.AuthDenied}"),
            rs => rs.Sum(r => (long)r["count"]!) >= 3, TimeSpan.FromSeconds(30), "the batch's forbidden events are counted");
        var denied = Assert.Single(records);
        Assert.Equal(3, (long?)denied["count"]);
        Assert.Equal(AuditActions.ForbiddenWarehouse, (string?)denied["reason"]);
        Assert.Equal("POST /api/events", (string?)denied["target"]);
        Assert.Equal($"warehouse_id={theirs.WarehouseId}", (string?)denied["detail"]);
        // Answered inside a 200, so no status of its own.
        Assert.Equal(0, (int?)denied["status"]);
    }

    [Fact]
    public async Task ARouteRefusedForAWarehouseOutsideTheScopeIsInTheFeedWithThatWarehouse()
    {
        var theirs = await fixture.NewKeyAsync();
        var subject = $"audit-viewer-{Guid.NewGuid():N}";
        using var viewer = fixture.CreateClient(fixture.Tokens.Create(subject, [InventoryRoles.Viewer], ["some-other-warehouse"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/stock/{theirs.WarehouseId}/{theirs.ProductId}")).StatusCode);

        var denied = Assert.Single(await FeedAsync($"user:{subject}", AuditActions.AuthDenied, count: 1));
        Assert.Equal(AuditActions.ForbiddenWarehouse, (string?)denied["reason"]);
        Assert.Equal(403, (int?)denied["status"]);
        Assert.Equal($"warehouse_id={theirs.WarehouseId}", (string?)denied["detail"]);
        Assert.Equal("GET /api/stock/{warehouse_id}/{product_id}", (string?)denied["target"]);
    }

    [Fact]
    public async Task TheFeedPagesInTimeOrderAndRefusesARangeItCannotRead()
    {
        var (manager, actor) = Principal(InventoryRoles.Manager);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await manager.SendJsonAsync(HttpMethod.Put, $"/api/regions/audit-region/thresholds/SKU-page-{i}",
                $$"""{"low_stock_threshold":{{i}},"recovery_level":20}""")).Status);
        }

        await FeedAsync(actor, AuditActions.ThresholdSet, count: 3);
        var (auditor, _) = Principal(InventoryRoles.Auditor);
        var targets = new List<string>();
        string? next = null;
        do
        {
            var (status, page) = await auditor.SendJsonAsync(HttpMethod.Get,
                $"/api/audit?actor={Uri.EscapeDataString(actor)}&limit=2{(next is null ? "" : $"&after={Uri.EscapeDataString(next)}")}");
            Assert.Equal(HttpStatusCode.OK, status);
            var records = page["records"]!.AsArray();
            Assert.InRange(records.Count, 0, 2);
            targets.AddRange(records.Select(r => (string)r!["target"]!));
            next = (string?)page["next"];
        }
        while (next is not null && targets.Count < 10);

        Assert.Equal(["audit-region/SKU-page-0", "audit-region/SKU-page-1", "audit-region/SKU-page-2"], targets);
        foreach (var bad in new[] { "day=yesterday", "from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "day=2026-01-01&from=2026-01-01T00:00:00Z", "limit=0", "after=nonsense" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/api/audit?{bad}")).StatusCode);
        }
    }

    /// <summary>A client acting as a fresh principal of <paramref name="role"/>, and the actor the feed names it by.</summary>
    private (HttpClient Client, string Actor) Principal(string role)
    {
        var subject = $"audit-{role}-{Guid.NewGuid():N}";
        return (fixture.CreateClient(fixture.Tokens.Create(subject, [role], ["*"])), $"user:{subject}");
    }

    /// <summary>The actor's records of the action, once <paramref name="count"/> of them are written (the feed is written behind).</summary>
    private Task<List<JsonNode>> FeedAsync(string actor, string action, int count) =>
        Eventually.WaitForAsync(
            () => ReadAsync($"/api/audit?actor={Uri.EscapeDataString(actor)}&action={action}"),
            records => records.Count >= count, TimeSpan.FromSeconds(30), $"{count} {action} records of {actor}");

    private async Task<List<JsonNode>> ReadAsync(string path)
    {
        var (status, page) = await fixture.Http.SendJsonAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. page["records"]!.AsArray().Select(r => r!)];
    }
}
