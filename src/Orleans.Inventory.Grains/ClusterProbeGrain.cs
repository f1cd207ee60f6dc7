using Orleans.Concurrency;

namespace Orleans.Inventory.Grains;

[StatelessWorker]
internal sealed class ClusterProbeGrain(TimeProvider clock) : Grain, IClusterProbeGrain
{
    public Task<DateTimeOffset> PingAsync() => Task.FromResult(clock.GetUtcNow());
}
