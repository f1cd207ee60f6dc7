using System.Net;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Security;

namespace Orleans.Inventory.Tests.Audit;

/// <summary>
/// The audit feed where the abuse limits are on (<see cref="SecurityLimitsFixture"/>): a refused webhook address and
/// rate-limited calls are recorded. The feed is read from its day grains directly, since polling it over HTTP here
/// would itself be rate limited.
/// </summary>
[Collection(SecurityLimitsCollection.Name)]
public sealed class AuditOfAbuseLimitsTests(SecurityLimitsFixture fixture)
{
    [Fact]
    public async Task AWebhookToARefusedAddressIsInTheFeedAsRefusedWithWhyButNotItsPath()
    {
        var subject = $"audit-manager-{Guid.NewGuid():N}";
        using var manager = fixture.CreateClient(fixture.Tokens.Create(subject, [InventoryRoles.Manager], ["*"]));
        var (status, _) = await manager.SendJsonAsync(HttpMethod.Post, "/api/webhooks",
            """{"url":"http://10.1.2.3/hooks/private-path?token=receiver-token","secret":"a-long-shared-secret-value"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var record = Assert.Single(await FeedAsync($"user:{subject}", AuditActions.WebhookCreate, r => r.Count >= 1));
        Assert.Equal(AuditActions.Refused, record.Outcome);
        Assert.Equal(AuditActions.Invalid, record.Reason);
        Assert.Equal(400, record.Status);
        Assert.Contains("public addresses only", record.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("private-path", record.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("receiver-token", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitedCallsAreCountedInTheFeed()
    {
        var subject = $"audit-greedy-{Guid.NewGuid():N}";
        using var greedy = fixture.CreateClient(fixture.Tokens.Create(subject, [InventoryRoles.Viewer], ["*"]));
        var limited = 0;
        for (var i = 0; i < SecurityLimitsFixture.Burst + 3; i++)
        {
            using var response = await greedy.GetAsync("/api/warehouses");
            limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.True(limited > 0, "the burst was not exceeded");
        var records = await FeedAsync($"user:{subject}", AuditActions.AuthDenied, r => r.Sum(x => x.Count) >= limited);
        Assert.Equal(limited, records.Sum(r => r.Count));
        Assert.All(records, r =>
        {
            Assert.Equal(AuditActions.RateLimited, r.Reason);
            Assert.Equal(429, r.Status);
            Assert.Equal("GET /api/warehouses", r.Target);
        });
    }

    /// <summary>The actor's records of the action in the last hour, once <paramref name="done"/> holds (the feed is written behind).</summary>
    private Task<List<AuditRecord>> FeedAsync(string actor, string action, Func<List<AuditRecord>, bool> done) =>
        Eventually.WaitForAsync(async () =>
        {
            var to = DateTimeOffset.UtcNow.AddMinutes(1);
            var from = to.AddHours(-1);
            var records = new List<AuditRecord>();
            foreach (var day in new[] { AuditRules.DayOf(from), AuditRules.DayOf(to) }.Distinct())
            {
                var page = await fixture.Grains.GetGrain<IAuditDayGrain>(day).QueryAsync(
                    new AuditDayQuery(from, to, null, action, actor, AuditRules.MaxScanPerCall, AuditRules.MaxScanPerCall));
                records.AddRange(page.Records);
            }

            return records;
        }, done, TimeSpan.FromSeconds(30), $"{action} records of {actor}");
}
