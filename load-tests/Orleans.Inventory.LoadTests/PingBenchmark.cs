using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Connection retries are reported by the timeout below; the client's own warnings would repeat them with stack traces.
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        var gateways = Enumerable.Range(0, settings.Silos)
            .Select(i => new IPEndPoint(IPAddress.Parse(settings.Host), settings.GatewayPort(i)))
            .ToArray();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateways)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            }));

        using var host = builder.Build();
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await host.StartAsync(connectTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The Orleans client did not connect to gateways {string.Join(", ", gateways.Select(g => g.ToString()))} within 30 s.");
            }
        }

        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            // One grain id per caller: a stateless worker scales out per silo, distinct ids spread calls over gateways.
            var grains = Enumerable.Range(0, settings.PingConcurrency).Select(i => client.GetGrain<IClusterProbeGrain>(i)).ToArray();
            return await ClosedLoop.RunAsync(
                settings.PingConcurrency, settings.Warmup, settings.Duration,
                (worker, _, _) => grains[worker].PingAsync(),
                cancellation);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
