using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Webhooks.WebhookTestKit;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>The webhook routes: registration answers, listing without secrets, and 400s that name the field.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookApiTests(InventoryClusterFixture fixture)
{
    private const string Url = "https://hooks.example.com/inventory";

    private async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> PostAsync(string body)
    {
        var response = await fixture.Http.PostAsync("/api/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task ARegisteredWebhookAnswers201WithItsLocationAndIsListedWithoutItsSecret()
    {
        var (status, text, response) = await PostAsync($$"""{"url":"{{Url}}","notification_types":["low_stock","stock_recovered","low_stock"],"secret":"{{Secret}}"}""");
        using (response)
        {
            Assert.Equal(HttpStatusCode.Created, status);
            var created = JsonNode.Parse(text)!;
            var id = (string)created["id"]!;
            try
            {
                Assert.Equal($"/api/webhooks/{id}", response.Headers.Location?.OriginalString);
                Assert.Equal(Url, (string?)created["url"]);
                Assert.Equal(["low_stock", "stock_recovered"], created["notification_types"]!.AsArray().Select(t => (string?)t));
                Assert.NotNull(created["created_at"]);

                var one = await fixture.Http.GetStringAsync($"/api/webhooks/{id}");
                var all = await fixture.Http.GetStringAsync("/api/webhooks");
                Assert.Equal(id, (string?)JsonNode.Parse(one)!["id"]);
                Assert.Contains(JsonNode.Parse(all)!.AsArray(), w => (string?)w!["id"] == id);
                Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Secret, one, StringComparison.Ordinal);
                Assert.DoesNotContain(Secret, all, StringComparison.Ordinal);
                Assert.DoesNotContain("secret", one, StringComparison.Ordinal);

                var deliveries = JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/webhooks/{id}/deliveries"))!;
                Assert.Equal(id, (string?)deliveries["webhook_id"]);
                Assert.Empty(deliveries["deliveries"]!.AsArray());
            }
            finally
            {
                await fixture.DeleteAsync(id);
            }
        }
    }

    [Fact]
    public async Task AbsentOrEmptyNotificationTypesAreAcceptedAndMeanAll()
    {
        var (absentStatus, absent, r1) = await PostAsync($$"""{"url":"http://127.0.0.1:9/x","secret":"{{Secret}}"}""");
        var (emptyStatus, empty, r2) = await PostAsync($$"""{"url":"http://127.0.0.1:9/x","secret":"{{Secret}}","notification_types":[]}""");
        r1.Dispose();
        r2.Dispose();

        Assert.Equal(HttpStatusCode.Created, absentStatus);
        Assert.Equal(HttpStatusCode.Created, emptyStatus);
        Assert.Empty(JsonNode.Parse(absent)!["notification_types"]!.AsArray());
        Assert.Empty(JsonNode.Parse(empty)!["notification_types"]!.AsArray());
        await fixture.DeleteAsync((string)JsonNode.Parse(absent)!["id"]!);
        await fixture.DeleteAsync((string)JsonNode.Parse(empty)!["id"]!);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task TheBodyIsReadAsJsonWhateverContentTypeSays(string contentType)
    {
        using var response = await fixture.Http.PostAsync("/api/webhooks",
            new StringContent($$"""{"url":"{{Url}}","secret":"{{Secret}}"}""", Encoding.UTF8, contentType));
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await fixture.DeleteAsync((string)created["id"]!);
    }

    [Theory]
    [InlineData($$"""{"secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":null,"secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":42,"secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":"/relative/path","secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":"ftp://files.example.com/in","secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":"https://user:pw@hooks.example.com/","secret":"{{Secret}}"}""", "url")]
    [InlineData($$"""{"url":"{{Url}}"}""", "secret")]
    [InlineData($$"""{"url":"{{Url}}","secret":"too-short"}""", "secret")]
    [InlineData($$"""{"url":"{{Url}}","secret":1234567890123456789}""", "secret")]
    [InlineData($$"""{"url":"{{Url}}","secret":"{{Secret}}","notification_types":"low_stock"}""", "notification_types")]
    [InlineData($$"""{"url":"{{Url}}","secret":"{{Secret}}","notification_types":["low_stock","out_of_stock"]}""", "notification_types[1]")]
    [InlineData($$"""{"url":"{{Url}}","secret":"{{Secret}}","notification_types":["LowStock"]}""", "notification_types[0]")]
    [InlineData($$"""{"url":"{{Url}}","secret":"{{Secret}}","notification_types":[3]}""", "notification_types[0]")]
    public async Task AnInvalidRegistrationIsA400ThatNamesTheField(string body, string field)
    {
        var (status, text, response) = await PostAsync(body);
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(field, (string?)problem["field"]);
            Assert.StartsWith($"{field}: ", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"https://hooks.example.com\"")]
    [InlineData("")]
    public async Task ABodyThatIsNotAJsonObjectIsA400(string body)
    {
        var (status, text, response) = await PostAsync(body);
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.NotNull(JsonNode.Parse(text)!["detail"]);
        }
    }

    [Theory]
    [InlineData("/api/webhooks/wh-00000000000000000000000000000000")]
    [InlineData("/api/webhooks/not-a-webhook-id")]
    [InlineData("/api/webhooks/wh-00000000000000000000000000000000/deliveries")]
    [InlineData("/api/webhooks/..%2F..%2Fstock/deliveries")]
    public async Task AnUnknownWebhookIsA404(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        using var delete = await fixture.Http.DeleteAsync(path.Replace("/deliveries", "", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    public async Task ADeliveriesLimitOutOfRangeIsA400NamingLimit(string limit)
    {
        var id = await fixture.RegisterAsync(new Uri("http://127.0.0.1:9/x"));
        try
        {
            using var response = await fixture.Http.GetAsync($"/api/webhooks/{id}/deliveries?limit={limit}");
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("limit", (string?)problem["parameter"]);
        }
        finally
        {
            await fixture.DeleteAsync(id);
        }
    }
}
