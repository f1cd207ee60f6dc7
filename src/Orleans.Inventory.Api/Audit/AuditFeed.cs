using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Api.Telemetry;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// Where the API records its audit: <see cref="Action"/> for an administrative action (one record), <see cref="Denied"/>
/// for a refused attempt (aggregated, <see cref="DeniedAttempts"/>). Neither waits or throws: records join a bounded
/// queue that <see cref="AuditWriter"/> writes behind; a full queue drops the record and counts it.
/// </summary>
public sealed partial class AuditFeed
{
    private readonly Channel<AuditRecord> _queue;
    private readonly DeniedAttempts _denied;
    private readonly TimeProvider _clock;
    private readonly AuditMetrics _metrics;
    private readonly WarningGate _warnings;
    private readonly ILogger<AuditFeed> _logger;

    public AuditFeed(IOptions<AuditOptions> options, TimeProvider clock, AuditMetrics metrics, WarningGate warnings, ILogger<AuditFeed> logger)
    {
        _queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _denied = new DeniedAttempts(options.Value.MaxDeniedKeys);
        _clock = clock;
        _metrics = metrics;
        _warnings = warnings;
        _logger = logger;
    }

    internal ChannelReader<AuditRecord> Queued => _queue.Reader;

    /// <summary>Records an administrative action by the request's caller: <c>ok</c> when <paramref name="reason"/> is null, else <c>refused</c>.</summary>
    public void Action(HttpContext context, string action, string target, int status, string? reason, string? detail)
    {
        var truncated = false;
        var (actor, remote) = Caller(context, ref truncated);
        var record = new AuditRecord(DeniedAttempts.NewId(), _clock.GetUtcNow(), actor, CallerContext.Http, action,
            AuditRules.Bound(target, ref truncated)!, reason is null ? AuditActions.Ok : AuditActions.Refused, reason, status, 1,
            remote, AuditRules.Bound(detail, ref truncated), truncated);
        Enqueue([record]);
    }

    /// <summary>Counts <paramref name="count"/> refused attempts of the request's caller on its route, for the next flush.</summary>
    public void Denied(HttpContext context, string reason, int status, string? detail, long count = 1)
    {
        var truncated = false;
        var (actor, remote) = Caller(context, ref truncated);
        var now = _clock.GetUtcNow();
        var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var attempt = new DeniedAttempt(minute, actor, remote, AuditRules.Bound(RouteOf(context), ref truncated)!, reason, status,
            AuditRules.Bound(detail, ref truncated), truncated);
        if (!_denied.Add(attempt, count))
        {
            _metrics.DeniedOverflow(count);
            if (_warnings.ShouldLog(121, out var suppressed))
            {
                LogDeniedOverflow(_denied.MaxKeys, suppressed);
            }
        }
    }

    /// <summary>The denied-attempt counts since the last flush, queued as records.</summary>
    internal void FlushDenied()
    {
        var records = _denied.Drain();
        if (records.Count > 0)
        {
            Enqueue(records);
        }
    }

    /// <summary>The route a request was for: its method and route template (never the raw path, which a stranger chooses).</summary>
    public static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is Microsoft.AspNetCore.Routing.RouteEndpoint { RoutePattern.RawText: { } template }
            ? $"{context.Request.Method} {template}"
            : $"{context.Request.Method} (no route)";

    private static (string Actor, string? Remote) Caller(HttpContext context, ref bool truncated) =>
        context.User.Identity?.IsAuthenticated == true
            ? (AuditRules.Bound(InventorySecurityExtensions.ActorOf(context.User), ref truncated)!, null)
            : (AuditActions.Anonymous, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private void Enqueue(IReadOnlyList<AuditRecord> records)
    {
        var dropped = 0;
        foreach (var record in records)
        {
            if (_queue.Writer.TryWrite(record))
            {
                _metrics.Queued(1);
            }
            else
            {
                dropped++;
            }
        }

        if (dropped > 0)
        {
            _metrics.Dropped("queue_full", dropped);
            if (_warnings.ShouldLog(122, out var suppressed))
            {
                LogQueueFull(dropped, suppressed);
            }
        }
    }

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning,
        Message = "Audit: {MaxKeys} distinct denied-attempt keys are counting (Inventory:Audit:MaxDeniedKeys); further ones are counted in the minute's overflow record ({Suppressed} more such lines suppressed)")]
    private partial void LogDeniedOverflow(int maxKeys, long suppressed);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning,
        Message = "Audit: the write-behind queue is full (Inventory:Audit:QueueCapacity); {Dropped} records dropped ({Suppressed} more such lines suppressed)")]
    private partial void LogQueueFull(int dropped, long suppressed);
}
