using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;
using Orleans.Inventory.Telemetry;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>
/// Which warehouses are registered, as the API's edge sees it, so an event for a warehouse nobody registered is
/// refused (<c>unknown_warehouse</c>, dead-lettered for a replay once it is registered) before any stock grain is
/// activated or writes a ledger row for it: a caller cannot make the cluster create records for made-up warehouses.
/// </summary>
/// <remarks>
/// Warehouses are added or changed, never removed (<see cref="IWarehouseRegistryGrain"/>), so an id once found
/// registered stays so and is kept here (at most the registry's 10,000). An id not kept here is asked of the registry,
/// all such ids of one request in one read-only call (per 1,000), every time: a warehouse registered a moment ago is accepted at
/// once, and a request naming made-up ids costs one registry call (the per-principal rate limit bounds how many).
/// When the registry cannot be asked, the events go on to their stock grains, which check the registry themselves:
/// the edge check is a shield, not the authority.
/// </remarks>
internal sealed partial class WarehouseDirectory(IGrainFactory grains, WarningGate warnings, ILogger<WarehouseDirectory> logger)
{
    private readonly ConcurrentDictionary<string, bool> _registered = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="parsed"/> with every valid event for an unregistered warehouse turned into a rejection
    /// (<see cref="EventRejection.UnknownWarehouse"/>); the same list when all are registered or the registry cannot be asked.
    /// </summary>
    public async Task<IReadOnlyList<ParsedEvent>> RefuseUnknownAsync(IReadOnlyList<ParsedEvent> parsed)
    {
        var unseen = parsed.Where(p => p.Event is not null && !_registered.ContainsKey(p.Event.WarehouseId))
            .Select(p => p.Event!.WarehouseId).Distinct(StringComparer.Ordinal).ToList();
        if (unseen.Count == 0)
        {
            return parsed;
        }

        var registry = grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key);
        List<string> unknown = [];
        try
        {
            foreach (var ids in unseen.Chunk(IWarehouseRegistryGrain.MaxIdsPerQuery))
            {
                unknown.AddRange(await registry.FindUnregisteredAsync(ids));
            }
        }
        catch (Exception exception)
        {
            if (warnings.ShouldLog(2003, out var suppressed))
            {
                LogRegistryUnreadable(unseen.Count, suppressed, exception);
            }

            return parsed;
        }

        foreach (var id in unseen.Except(unknown, StringComparer.Ordinal))
        {
            _registered.TryAdd(id, true);
        }

        if (unknown.Count == 0)
        {
            return parsed;
        }

        var refused = unknown.ToHashSet(StringComparer.Ordinal);
        return [.. parsed.Select(p => p.Event is { } e && refused.Contains(e.WarehouseId)
            ? p with { Event = null, Rejection = EventRejection.UnknownWarehouse(e.WarehouseId) }
            : p)];
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "The warehouse registry could not be asked about {Warehouses} warehouses; their events go to their stock grains, which check it ({Suppressed} more since the last such line)")]
    private partial void LogRegistryUnreadable(int warehouses, long suppressed, Exception exception);
}
