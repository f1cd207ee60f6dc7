using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Inventory.Tests.Security;

/// <summary>
/// Every route of the API, read from the app's <see cref="EndpointDataSource"/> (so a new route is in the matrix the
/// moment it is mapped), against every role, a token scoped to another warehouse, no token, an expired token and a
/// token with a wrong signature. A route without a named policy fails the first test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class RouteMatrixTests(InventoryClusterFixture fixture, ITestOutputHelper output)
{
    private const string InScope = "matrix-wh";

    /// <summary>The only routes anyone may call without a token: probes and the scraper.</summary>
    private static readonly HashSet<string> Anonymous = ["/health/live", "/health/ready", "/metrics"];

    /// <summary>The issue's role model, written out here so a change to <see cref="InventoryPolicies"/> must change it too.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        [InventoryPolicies.PostEvents] = [InventoryRoles.Device, InventoryRoles.Admin],
        [InventoryPolicies.ReadStock] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Admin],
        [InventoryPolicies.ReadRegistry] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Manager, InventoryRoles.Admin],
        [InventoryPolicies.Reserve] = [InventoryRoles.Clerk, InventoryRoles.Admin],
        [InventoryPolicies.Transfers] = [InventoryRoles.Manager, InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Admin],
        [InventoryPolicies.Manage] = [InventoryRoles.Manager, InventoryRoles.Admin],
        [InventoryPolicies.Audit] = [InventoryRoles.Auditor, InventoryRoles.Admin],
        [InventoryPolicies.Operate] = [InventoryRoles.Viewer, InventoryRoles.Clerk, InventoryRoles.Manager, InventoryRoles.Auditor, InventoryRoles.Admin],
        [InventoryPolicies.Admin] = [InventoryRoles.Admin],
    };

    [Fact]
    public void EveryRouteIsUnderANamedPolicyOrIsAnAnonymousProbe()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");
        foreach (var route in routes)
        {
            if (route.Anonymous)
            {
                Assert.Contains(route.Pattern, Anonymous);
                continue;
            }

            Assert.True(route.Policy is not null, $"{route} has no named policy");
            Assert.True(Expected.ContainsKey(route.Policy!), $"{route}: unknown policy {route.Policy}");
        }

        Assert.Equal(Anonymous.Order(), routes.Where(r => r.Anonymous).Select(r => r.Pattern).Order());
        // The audit feed is for auditors and admins only (issue 10).
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/audit", Policy: InventoryPolicies.Audit });
    }

    [Fact]
    public void ThePoliciesAreTheRoleModel()
    {
        Assert.Equal(Expected.Keys.Order(), InventoryPolicies.Roles.Keys.Order());
        foreach (var (policy, roles) in Expected)
        {
            Assert.Equal(roles.Order(), InventoryPolicies.Roles[policy].Order());
        }
    }

    [Fact]
    public async Task EveryRouteRefusesNoTokenAnExpiredOneAndAWrongSignature()
    {
        var expired = fixture.Tokens.Create("matrix-expired", [InventoryRoles.Admin], ["*"], TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow.AddHours(-2));
        var forged = new DevelopmentTokens(new InventoryAuthOptions
        {
            DevelopmentSigningKey = "another-key-that-this-api-never-trusted-0123",
            Issuer = fixture.EffectiveSettings["Inventory:Auth:Issuer"]!,
            Audience = fixture.EffectiveSettings["Inventory:Auth:Audience"]!,
        }).CreateAdmin("matrix-forger");
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            foreach (var (what, token) in new[] { ("no token", (string?)null), ("expired", expired), ("wrong signature", forged) })
            {
                var status = await CallAsync(route, token, InScope);
                Assert.True(status == HttpStatusCode.Unauthorized, $"{route} with {what}: {(int)status}, expected 401");
            }
        }
    }

    [Fact]
    public async Task EveryRouteAdmitsExactlyItsPolicysRoles()
    {
        await fixture.RegisterAsync(new StockKey(InScope, "SKU-matrix"));
        var calls = 0;
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            foreach (var role in InventoryRoles.All)
            {
                var allowed = Expected[route.Policy!].Contains(role);
                var status = await CallAsync(route, fixture.Tokens.Create($"matrix-{role}", [role], ["*"]), InScope);
                calls++;
                Assert.True(allowed ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) : status == HttpStatusCode.Forbidden,
                    $"{route} as {role}: {(int)status}, expected {(allowed ? "admitted" : "403")}");
            }
        }

        output.WriteLine($"{calls} calls");
    }

    [Fact]
    public async Task EveryRouteThatNamesAWarehouseRefusesOneOutsideTheTokensScope()
    {
        var scoped = Routes().Where(r => r.NamesWarehouse).ToList();
        Assert.True(scoped.Count >= 8, $"only {scoped.Count} routes name a warehouse");
        foreach (var route in scoped)
        {
            var role = Expected[route.Policy!][0];
            var outside = await CallAsync(route, fixture.Tokens.Create("matrix-scoped", [role], ["some-other-warehouse"]), InScope);
            Assert.True(outside == HttpStatusCode.Forbidden, $"{route} as {role} scoped elsewhere: {(int)outside}, expected 403");
            var inside = await CallAsync(route, fixture.Tokens.Create("matrix-scoped", [role], [InScope]), InScope);
            Assert.True(inside is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{route} as {role} scoped to it: {(int)inside}");
        }
    }

    private List<Route> Routes() =>
    [
        .. fixture.ApiServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Route(
                method,
                "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/'),
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null)))),
    ];

    /// <summary>Calls the route with its parameters filled in (the warehouse from <paramref name="warehouse"/>) and a body that changes nothing.</summary>
    private async Task<HttpStatusCode> CallAsync(Route route, string? token, string warehouse)
    {
        using var http = fixture.CreateClient(token);
        var path = Parameter().Replace(route.Pattern, match => match.Groups[1].Value switch
        {
            "warehouse_id" => warehouse,
            "product_id" => "SKU-matrix",
            "reservation_id" => "matrix-reservation",
            "region_id" => "matrix-region",
            "transfer_id" => "matrix-transfer",
            "id" => "wh-00000000000000000000000000000000",
            var other => other,
        });
        // The routes that take their warehouse from the query: the live stream's filter and replay's filter.
        if (route.Pattern is "/api/stream" or "/api/dead-letters/replay")
        {
            path += $"?warehouse_id={warehouse}";
        }

        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            // Empty: every writing route answers 400 to it (or, for a commit of an unknown reservation, 404), so the
            // matrix changes no state.
            request.Content = new StringContent(route.Pattern == "/api/events" ? "[]" : "{}", Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{([a-z_]+)(?::[^}]*)?\}")]
    private static partial Regex Parameter();

    private sealed record Route(string Method, string Pattern, bool Anonymous, string? Policy)
    {
        public bool NamesWarehouse => Pattern.Contains("{warehouse_id}", StringComparison.Ordinal) || Pattern is "/api/stream" or "/api/dead-letters/replay";

        public override string ToString() => $"{Method} {Pattern}";
    }
}
