using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orleans.Inventory.Api.Audit;

/// <summary>Puts a route's calls in the audit feed.</summary>
internal static class AuditEndpointExtensions
{
    /// <summary>Records each call as <paramref name="action"/> on the target <paramref name="target"/> computes (<see cref="AuditActionFilter"/>).</summary>
    public static TBuilder WithAudit<TBuilder>(this TBuilder builder, string action, Func<HttpContext, string> target)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new AuditActionFilter(action, target));

    /// <summary>The route values named, joined by '/' (the target of a route that names what it changes).</summary>
    public static Func<HttpContext, string> RouteTarget(params string[] names) =>
        http => string.Join('/', names.Select(name => http.Request.RouteValues.TryGetValue(name, out var value) ? value as string ?? "" : ""));
}
