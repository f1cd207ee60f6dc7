using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.LiveUpdates;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Grains.Webhooks;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Tests.Security;

/// <summary>Rate limits per principal, the live-stream caps and the webhook address guard.</summary>
[Collection(SecurityLimitsCollection.Name)]
public sealed class AbuseLimitTests(SecurityLimitsFixture fixture)
{
    [Fact]
    public async Task APrincipalPastItsBurstIsAnswered429WithRetryAfterAndOthersAreNot()
    {
        using var greedy = Client($"greedy-{Guid.NewGuid():N}", InventoryRoles.Viewer);
        using var other = Client($"other-{Guid.NewGuid():N}", InventoryRoles.Viewer);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < SecurityLimitsFixture.Burst + 2 && refused is null; i++)
        {
            var response = await greedy.GetAsync("/api/warehouses");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= SecurityLimitsFixture.Burst - 1, string.Join(", ", statuses));
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
            Assert.Contains("Inventory:RateLimits", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var fine = await other.GetAsync("/api/warehouses");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task LiveStreamsAreCappedPerPrincipalAndInAll()
    {
        var hub = fixture.ApiServices.GetRequiredService<LiveStreamAdmission>();
        var first = $"watcher-{Guid.NewGuid():N}";
        var open = new List<HttpResponseMessage>();
        try
        {
            open.Add(await OpenStreamAsync(first));
            open.Add(await OpenStreamAsync(first));
            using (var third = await OpenStreamAsync(first))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.Contains("MaxConnectionsPerPrincipal", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            open.Add(await OpenStreamAsync($"watcher-{Guid.NewGuid():N}"));
            Assert.All(open, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            using (var past = await OpenStreamAsync($"watcher-{Guid.NewGuid():N}"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, past.StatusCode);
                Assert.Contains("MaxConnections", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }

        await Eventually.WaitForAsync(() => Task.FromResult(hub.Count), count => count == 0, TimeSpan.FromSeconds(10), "closed streams to leave");
        using var again = await OpenStreamAsync($"watcher-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://172.16.0.5/hook")]
    [InlineData("http://localhost:9/hook")]
    public async Task AWebhookToANonPublicAddressIsRefusedAtRegistration(string url)
    {
        using var manager = Client($"manager-{Guid.NewGuid():N}", InventoryRoles.Manager);

        var (status, problem) = await manager.SendJsonAsync(HttpMethod.Post, "/api/webhooks",
            $$"""{"url":"{{url}}","secret":"a-long-shared-secret-value"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("url", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("public addresses only", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    public async Task ADeliveryIsRefusedAfterResolutionBeforeAnyByteIsSent(string address)
    {
        var guard = new WebhookAddressGuard(Options.Create(new WebhookOptions()));
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://{address}:9/hook"));

        Assert.IsType<WebhookAddressRefusedException>(error.InnerException);
    }

    [Fact]
    public void TheAddressRulesKnowTheRanges()
    {
        string[] refused = ["127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "100.64.0.1", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"];
        string[] allowed = ["8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"];

        Assert.All(refused, a => Assert.NotNull(WebhookAddressRules.Refusal(IPAddress.Parse(a))));
        Assert.All(allowed, a => Assert.Null(WebhookAddressRules.Refusal(IPAddress.Parse(a))));
    }

    private HttpClient Client(string subject, string role) => fixture.CreateClient(fixture.Tokens.Create(subject, [role], ["*"]));

    private async Task<HttpResponseMessage> OpenStreamAsync(string subject)
    {
        // The token in the query, as a browser's EventSource sends it.
        using var http = fixture.CreateClient(null);
        var token = fixture.Tokens.Create(subject, [InventoryRoles.Viewer], ["*"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/stream?access_token={token}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
