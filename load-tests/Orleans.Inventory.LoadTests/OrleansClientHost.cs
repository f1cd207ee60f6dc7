using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Inventory.Client;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.LoadTests;

/// <summary>A hosted Orleans client connected to the silos' gateways (a static list, 30000+i); stop it by disposing.</summary>
internal sealed class OrleansClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansClientHost(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<OrleansClientHost> StartAsync(BaselineSettings settings, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Connection retries are reported by the timeout below; the client's own warnings would repeat them with stack traces.
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        var gateways = Enumerable.Range(0, settings.Silos)
            .Select(i => new IPEndPoint(IPAddress.Parse(settings.Host), settings.GatewayPort(i)))
            .ToArray();
        // A trusted tier: the catalog scenario writes stock through the gateway, which the silos accept only with a
        // caller envelope signed with the key they read (appsettings.json, or Inventory__CallerEnvelope__SigningKey).
        var signingKey = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables().Build()[$"{CallerEnvelopeOptions.SectionName}:SigningKey"];
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = signingKey,
            [$"{TrustedCallerOptions.SectionName}:Subject"] = "load-tests",
            [$"{TrustedCallerOptions.SectionName}:Roles:0"] = "admin",
            [$"{TrustedCallerOptions.SectionName}:Warehouses:0"] = "*",
        });
        builder.Services.AddTrustedCallerEnvelopes();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateways)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            }));

        var host = builder.Build();
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(connectTimeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException(
                $"The Orleans client did not connect to gateways {string.Join(", ", gateways.Select(g => g.ToString()))} (cluster '{settings.ClusterId}') within 30 s.");
        }

        return new OrleansClientHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
