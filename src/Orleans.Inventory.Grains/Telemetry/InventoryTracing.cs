using System.Diagnostics;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>
/// Spans for work that runs after, and outside, the activities that caused it: a group commit, a coalesced region
/// feed, a batched region write. Their causes travel as explicit contexts, not as <see cref="Activity.Current"/>
/// (which in such a loop is whatever call happened to start it).
/// </summary>
internal static class InventoryTracing
{
    /// <summary>The most causes one span links; a batch carries few in practice, and a link is a pointer, not a record.</summary>
    public const int MaxLinks = 64;

    /// <summary>
    /// Starts a span on behalf of <paramref name="causes"/>, linking each of them. When they are one, the span is also
    /// its child, so an unbatched chain stays one parent/child trace; when they are several (or none), it starts a
    /// trace of its own, since it belongs to no one of them more than to the others.
    /// </summary>
    public static Activity? StartOnBehalfOf(string name, IEnumerable<ActivityContext> causes, ActivityKind kind = ActivityKind.Internal)
    {
        if (!InventoryTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var distinct = causes.Where(cause => cause != default).Distinct().Take(MaxLinks).ToList();
        var links = distinct.Select(cause => new ActivityLink(cause));
        if (distinct.Count == 1)
        {
            return InventoryTelemetry.ActivitySource.StartActivity(name, kind, distinct[0], links: links);
        }

        // No parent means Activity.Current, which here is unrelated work; cleared so the span is a root.
        Activity.Current = null;
        var span = InventoryTelemetry.ActivitySource.StartActivity(name, kind, default(ActivityContext), links: links);
        span?.SetTag("inventory.trace.causes", distinct.Count);
        return span;
    }

    /// <summary>The context a W3C <c>traceparent</c> names, or none when it is absent or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>Marks the span failed with the exception's type (the OpenTelemetry <c>error.type</c>) and message.</summary>
    public static void Fail(Activity? span, Exception failure)
    {
        span?.SetStatus(ActivityStatusCode.Error, failure.Message);
        span?.SetTag("error.type", failure.GetType().FullName);
    }
}
