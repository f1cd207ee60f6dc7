using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Inventory.Api;

/// <summary>Ready when a grain call round-trips through the cluster.</summary>
internal sealed class ClusterReadyHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IClusterProbeGrain>(0).PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("grain calls succeed");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("grain calls fail", exception);
        }
    }
}
