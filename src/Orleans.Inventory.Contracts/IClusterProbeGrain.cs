namespace Orleans.Inventory;

/// <summary>A stateless grain the readiness check calls to prove the cluster schedules grain calls.</summary>
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    Task<DateTimeOffset> PingAsync();
}
