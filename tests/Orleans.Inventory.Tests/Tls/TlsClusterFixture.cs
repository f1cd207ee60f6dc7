using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Inventory.Client;
using Orleans.Inventory.Security;
using Orleans.Inventory.Silo;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>
/// The silo project's own host (<c>AddInventorySilo</c>) with <c>Inventory:Tls</c> on, listening on free TCP ports of
/// 127.0.0.1 (TLS works on the real socket transport; <c>InProcessTestCluster</c>'s in-memory transport has no
/// connections to secure), with certificates made for this run. Tests start more silos and clients against it.
/// </summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    /// <summary>The caller-envelope key of this cluster: TLS lets a client in, the envelope lets its writes through.</summary>
    private const string SigningKey = "tests-only-tls-caller-envelope-key-0123456789";

    private readonly string _clusterId = $"tls-test-{Guid.NewGuid():N}";
    private WebApplication? _primary;

    public TestCertificates Certificates { get; } = TestCertificates.Create();

    /// <summary>The primary silo's warnings, where a refused peer is logged.</summary>
    public LogRecorder Logs { get; } = new();

    public int PrimarySiloPort { get; private set; }

    public int GatewayPort { get; private set; }

    /// <summary>The primary silo's own client, which sees the membership as the cluster does.</summary>
    public IClusterClient Grains => _primary!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        (PrimarySiloPort, GatewayPort) = (FreePorts.Next(), FreePorts.Next());
        _primary = await StartSiloAsync(Certificates.Settings(Certificates.Silo), PrimarySiloPort, GatewayPort, Logs);
    }

    /// <summary>Starts a silo of this cluster with <paramref name="tls"/> (an empty map: TLS off); throws if it cannot start or join.</summary>
    public async Task<WebApplication> StartSiloAsync(IReadOnlyDictionary<string, string?> tls, int? siloPort = null, int? gatewayPort = null, LogRecorder? logs = null)
    {
        var silo = BuildSilo(tls, siloPort, gatewayPort, logs);
        try
        {
            await silo.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>A silo of this cluster with <paramref name="tls"/> (an empty map: TLS off); not started.</summary>
    public WebApplication BuildSilo(IReadOnlyDictionary<string, string?> tls, int? siloPort = null, int? gatewayPort = null, LogRecorder? logs = null)
    {
        var (port, gateway) = (siloPort ?? FreePorts.Next(), gatewayPort ?? FreePorts.Next());
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:ServiceId"] = "orleans-inventory-tls-test",
            ["Orleans:Clustering:ProviderType"] = "Development",
            ["Orleans:Clustering:PrimarySiloEndPoint"] = $"127.0.0.1:{(PrimarySiloPort == 0 ? port : PrimarySiloPort)}",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = $"{port}",
            ["Orleans:Endpoints:GatewayPort"] = $"{gateway}",
            ["Orleans:Endpoints:SiloListeningEndpoint"] = $"127.0.0.1:{port}",
            ["Orleans:Endpoints:GatewayListeningEndpoint"] = $"127.0.0.1:{gateway}",
            ["Orleans:GrainStorage:inventory:ProviderType"] = "Memory",
            ["Orleans:GrainStorage:PubSubStore:ProviderType"] = "Memory",
            ["Orleans:Reminders:ProviderType"] = "Memory",
            ["Orleans:Streaming:notifications:ProviderType"] = "Memory",
            ["Inventory:EventHubs:EmbedEmulator"] = "false",
            ["Inventory:DeviceStreams:ConnectionString"] = "",
            ["Inventory:Auth:PrintDevelopmentToken"] = "false",
            [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = SigningKey,
        });
        builder.Configuration.AddInMemoryCollection(tls);
        // A silo that cannot reach the cluster gives up within seconds instead of Orleans' default five minutes.
        // (A refused gateway client, by contrast, never fails its start: Orleans retries until the start is abandoned.)
        builder.Services.Configure<ClusterMembershipOptions>(options => options.MaxJoinAttemptTime = TimeSpan.FromSeconds(5));
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddInventorySilo();
        return builder.Build();
    }

    /// <summary>
    /// A client application of the library (<c>AddInventoryClient</c>) with <paramref name="tls"/>, connected to the
    /// primary's gateway; fails if it is not connected within a minute.
    /// </summary>
    public async Task<IHost> ConnectClientAsync(IReadOnlyDictionary<string, string?> tls)
    {
        var host = BuildClient(tls);
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A client application of the library (<c>AddInventoryClient</c>) with <paramref name="tls"/>, for the primary's gateway; not started.</summary>
    public IHost BuildClient(IReadOnlyDictionary<string, string?> tls, LogRecorder? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(ClientSettings());
        builder.Configuration.AddInMemoryCollection(tls);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddInventoryClient();
        return builder.Build();
    }

    /// <summary>An Orleans client configured by hand (an intruder does not use our library), for the primary's gateway; not started.</summary>
    public IHost BuildRawClient(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, GatewayPort));
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (_clusterId, "orleans-inventory-tls-test"));
            configure(client);
        });
        return builder.Build();
    }

    public async Task DisposeAsync()
    {
        if (_primary is not null)
        {
            await _primary.StopAsync();
            await _primary.DisposeAsync();
        }

        Certificates.Dispose();
    }

    private Dictionary<string, string?> ClientSettings() => new()
    {
        ["Orleans:ClusterId"] = _clusterId,
        ["Orleans:ServiceId"] = "orleans-inventory-tls-test",
        ["Orleans:Clustering:ProviderType"] = "Development",
        ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{GatewayPort}",
        // A trusted tier (it signs its calls), so that what a refused client misses is only the TLS part.
        [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = SigningKey,
        [$"{TrustedCallerOptions.SectionName}:Subject"] = "tls-test-client",
        [$"{TrustedCallerOptions.SectionName}:Roles:0"] = "manager",
        [$"{TrustedCallerOptions.SectionName}:Warehouses:0"] = "*",
    };

}

[CollectionDefinition(Name)]
public sealed class TlsClusterCollection : ICollectionFixture<TlsClusterFixture>
{
    public const string Name = "tls cluster";
}
