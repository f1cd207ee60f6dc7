using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Inventory.Api.LiveUpdates;
using Orleans.Runtime;

namespace Orleans.Inventory.Api.SystemPanel;

/// <summary><c>GET /api/system</c> and <c>GET /api/system/silos</c>: what the dashboard's system panel shows.</summary>
public static class SystemEndpoints
{
    private static readonly TimeSpan SiloQueryTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapSystemPanelApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/system", GetSummaryAsync)
            .WithName("GetSystemSummary")
            .WithSummary("Silos in the cluster with their health, and this process's Orleans.Inventory instruments (rates, percentiles, gauges).")
            .Produces<SystemSummary>()
            .RequireAuthorization(Security.InventoryPolicies.Operate);
        api.MapGet("/system/silos", async (IGrainFactory grains) => Results.Ok(await GetSilosAsync(grains)))
            .WithName("GetSilos")
            .WithSummary("Every silo in the membership table: status, start time, last I-am-alive, and for active ones activations, CPU and memory.")
            .Produces<IReadOnlyList<SiloView>>()
            .RequireAuthorization(Security.InventoryPolicies.Operate);
        return api;
    }

    private static async Task<IResult> GetSummaryAsync(IGrainFactory grains, InstrumentSampler sampler, LiveUpdateHub hub, TimeProvider clock)
    {
        IReadOnlyList<SiloView> silos = [];
        string? error = null;
        try
        {
            silos = await GetSilosAsync(grains);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            error = $"{exception.GetType().Name}: {exception.Message}";
        }

        return Results.Ok(new SystemSummary(clock.GetUtcNow(), $"this process ({Environment.MachineName}, pid {Environment.ProcessId})",
            silos, error, new LiveView(hub.ClientCount, hub.LastId), sampler.Read()));
    }

    private static async Task<IReadOnlyList<SiloView>> GetSilosAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).WaitAsync(SiloQueryTimeout);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active).WaitAsync(SiloQueryTimeout);
        var byAddress = active.Zip(statistics).ToDictionary(pair => pair.First, pair => pair.Second);
        return [.. hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1).ThenByDescending(h => h.StartTime)
            .Select(h =>
            {
                var stats = byAddress.GetValueOrDefault(h.SiloAddress);
                return new SiloView(h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString(), h.StartTime, h.IAmAliveTime,
                    stats?.ActivationCount, stats?.EnvironmentStatistics.FilteredCpuUsagePercentage,
                    stats?.EnvironmentStatistics.FilteredMemoryUsageBytes, stats?.IsOverloaded, stats?.ClientCount);
            })];
    }
}
