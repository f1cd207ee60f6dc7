namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Orleans hosted-client calls per second: a client connected to the silos' gateways (a static list, 30000+i) calls
/// <see cref="IClusterProbeGrain.PingAsync"/> (a stateless worker) from N concurrent callers. This is the cheapest
/// round trip the cluster offers: client, gateway, scheduler, grain, back; no storage.
/// </summary>
internal static class PingBenchmark
{
    public static async Task<LoadResult> RunAsync(BaselineSettings settings, CancellationToken cancellation)
    {
        await using var host = await OrleansClientHost.StartAsync(settings, cancellation);
        // One grain id per caller: a stateless worker scales out per silo, distinct ids spread calls over gateways.
        var grains = Enumerable.Range(0, settings.PingConcurrency).Select(i => host.Client.GetGrain<IClusterProbeGrain>(i)).ToArray();
        return await ClosedLoop.RunAsync(
            settings.PingConcurrency, settings.Warmup, settings.Duration,
            (worker, _, _) => grains[worker].PingAsync(),
            cancellation);
    }
}
