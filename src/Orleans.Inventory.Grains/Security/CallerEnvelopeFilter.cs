using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Grains.Security;

/// <summary>
/// Runs a call to a method marked <see cref="CallerCheckAttribute"/> only for a valid <see cref="CallerEnvelope"/>
/// (signed with the shared key, not expired, with a role the method allows, scoped to the warehouse it acts on), and
/// then sets the ledger's actor and channel (<see cref="CallerContext"/>) from that envelope. Every other call has the
/// actor and channel a caller sent removed, so nothing a caller merely claims reaches the ledger.
/// </summary>
/// <remarks>
/// Every checked call is verified, whether it arrived through the gateway or from a grain of this silo: Orleans'
/// message names its sender (<c>SendingGrain</c>, the context's <c>SourceId</c>) as the sender wrote it, and the
/// gateway does not compare it with the connection's client id (<c>GatewayInboundConnection.OnReceivedMessage</c>), so
/// "a call from a grain" cannot be told from a client's claim to be one. Grain-to-grain calls carry the envelope of the
/// call that caused them (RequestContext flows); the silo's own components sign a system one (<see cref="SystemCaller"/>).
/// </remarks>
internal sealed partial class CallerEnvelopeFilter(CallerEnvelopeSigner signer, TimeProvider clock, ILogger<CallerEnvelopeFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, CallerCheckAttribute?> Checks = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        // An invokable without a method (none of ours) cannot carry the attribute.
        var check = context.InterfaceMethod is { } method
            ? Checks.GetOrAdd(method, static m => m.GetCustomAttribute<CallerCheckAttribute>())
            : null;
        if (check is null)
        {
            CallerContext.Clear();
            return context.Invoke();
        }

        var envelope = Verify(context, check);
        CallerContext.Set(envelope.Subject.Length > CallerContext.MaxActorLength ? envelope.Subject[..CallerContext.MaxActorLength] : envelope.Subject, envelope.Channel);
        return context.Invoke();
    }

    /// <summary>The warehouse a checked call acts on, per <see cref="CallerCheckAttribute.Warehouse"/>; null when it names none.</summary>
    public static string? WarehouseOf(IIncomingGrainCallContext context, CallerCheckAttribute check)
    {
        switch (check.Warehouse)
        {
            case WarehouseFrom.GrainKey:
                var key = context.TargetId.Key.ToString();
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                return slash < 0 ? key : key[..slash];
            case WarehouseFrom.Argument:
                for (var i = 0; i < context.Request.GetArgumentCount(); i++)
                {
                    if (context.Request.GetArgument(i) is IWarehouseScoped scoped)
                    {
                        return scoped.WarehouseId ?? string.Empty;
                    }
                }

                // A checked method whose argument is missing names an empty warehouse, which no scope but '*' covers.
                return string.Empty;
            default:
                return null;
        }
    }

    private CallerEnvelope Verify(IIncomingGrainCallContext context, CallerCheckAttribute check)
    {
        var call = $"{context.InterfaceName}.{context.MethodName} on {context.TargetId}";
        var result = signer.Verify(CallerContext.CurrentEnvelope(), clock.GetUtcNow());
        if (result.Envelope is not { } envelope)
        {
            throw Refuse(call, result.Problem!, $"{result.Detail}. Calls that change stock or administer need an envelope signed by a trusted tier ({CallerContext.EnvelopeKey} in RequestContext; docs/security.md).");
        }

        if (!envelope.HasAnyRole(check.Roles))
        {
            throw Refuse(call, CallerProblems.ForbiddenRole,
                $"'{envelope.Subject}' has roles [{string.Join(", ", envelope.Roles)}]; this call needs one of [{string.Join(", ", check.Roles.Append(CallerRoles.Admin))}].");
        }

        if (WarehouseOf(context, check) is { } warehouse && !envelope.Covers(warehouse))
        {
            throw Refuse(call, CallerProblems.ForbiddenWarehouse,
                $"'{envelope.Subject}' may act on warehouses [{string.Join(", ", envelope.Warehouses)}], not on '{warehouse}'.");
        }

        return envelope;
    }

    private CallerRefusedException Refuse(string call, string problem, string detail)
    {
        LogRefused(call, problem, detail);
        return new CallerRefusedException(problem, $"Refused {call} ({problem}): {detail}");
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Refused {Call} ({Problem}): {Detail}")]
    private partial void LogRefused(string call, string problem, string detail);
}
