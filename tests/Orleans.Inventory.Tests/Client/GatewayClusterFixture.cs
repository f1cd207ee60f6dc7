using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Inventory.Client;
using Orleans.Inventory.Security;
using Orleans.Inventory.Silo;

using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Client;

/// <summary>
/// The silo project's own host (<c>AddInventorySilo</c>, configured as the embedded profile is, from the
/// <c>Orleans</c> section) listening on free TCP ports on 127.0.0.1, and a separate client host that reaches it
/// through the gateway with <c>AddInventoryClient</c>, as a client application would.
/// </summary>
/// <remarks>
/// <c>InProcessTestCluster</c> cannot serve here: it connects its silos and client over an in-memory transport (it
/// calls <c>UseInMemoryConnectionTransport</c> after our configuration), so there is no gateway port for an
/// independent client to dial.
/// </remarks>
public sealed class GatewayClusterFixture : IAsyncLifetime
{
    private WebApplication? _silo;
    private IHost? _client;
    private IHost? _untrusted;

    public IInventoryClient Inventory => _client!.Services.GetRequiredService<IInventoryClient>();

    /// <summary>The client application's Orleans client.</summary>
    public IClusterClient ClientSide => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>The silo's own (co-hosted) client, to publish as grains do.</summary>
    public IClusterClient SiloSide => _silo!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        var (siloPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        var clusterId = $"client-test-{Guid.NewGuid():N}";
        var cluster = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = "orleans-inventory-client-test",
            ["Orleans:Clustering:ProviderType"] = "Development",
            ["Orleans:Streaming:notifications:ProviderType"] = "Memory",
            [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = SigningKey,
        };

        var silo = WebApplication.CreateBuilder();
        silo.Configuration.AddInMemoryCollection(cluster);
        silo.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = $"{siloPort}",
            ["Orleans:Endpoints:GatewayPort"] = $"{gatewayPort}",
            ["Orleans:Endpoints:SiloListeningEndpoint"] = $"127.0.0.1:{siloPort}",
            ["Orleans:Endpoints:GatewayListeningEndpoint"] = $"127.0.0.1:{gatewayPort}",
            ["Orleans:GrainStorage:inventory:ProviderType"] = "Memory",
            ["Orleans:GrainStorage:PubSubStore:ProviderType"] = "Memory",
            ["Orleans:Reminders:ProviderType"] = "Memory",
            ["Inventory:EventHubs:EmbedEmulator"] = "false",
            // No Event Hubs for this cluster, so no device stream (a silo with one needs Event Hubs to start).
            ["Inventory:DeviceStreams:ConnectionString"] = "",
        });
        silo.AddInventorySilo();
        _silo = silo.Build();
        await _silo.StartAsync();

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Configuration.AddInMemoryCollection(cluster);
        client.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{gatewayPort}",
            [$"{TrustedCallerOptions.SectionName}:Subject"] = TrustedSubject,
            [$"{TrustedCallerOptions.SectionName}:Roles:0"] = "clerk",
            [$"{TrustedCallerOptions.SectionName}:Roles:1"] = "device",
            [$"{TrustedCallerOptions.SectionName}:Roles:2"] = "manager",
            [$"{TrustedCallerOptions.SectionName}:Warehouses:0"] = "*",
        });
        client.AddInventoryClient();
        _client = client.Build();
        await _client.StartAsync();

        // A client of the same gateway that holds no key: what anyone who reaches the gateway port can run.
        var untrusted = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        untrusted.Configuration.AddInMemoryCollection(cluster.Where(setting => !setting.Key.StartsWith(CallerEnvelopeOptions.SectionName, StringComparison.Ordinal)));
        untrusted.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{gatewayPort}",
        });
        untrusted.AddInventoryClient();
        _untrusted = untrusted.Build();
        await _untrusted.StartAsync();
        Signer = new CallerEnvelopeSigner(new CallerEnvelopeOptions { SigningKey = SigningKey });
    }

    /// <summary>The key the silo verifies envelopes with (the trusted client signs with it too).</summary>
    public const string SigningKey = "tests-only-gateway-caller-envelope-key-0123456789";

    /// <summary>The trusted client tier's subject, recorded as <c>client:order-service</c>.</summary>
    public const string TrustedSubject = "order-service";

    /// <summary>Signs envelopes as a trusted tier would, for tests that send their own through <see cref="Untrusted"/>.</summary>
    public CallerEnvelopeSigner Signer { get; private set; } = null!;

    /// <summary>A gateway client without the key: its calls carry only what the test sets in RequestContext.</summary>
    public IClusterClient Untrusted => _untrusted!.Services.GetRequiredService<IClusterClient>();

    public async Task DisposeAsync()
    {
        if (_untrusted is not null)
        {
            await _untrusted.StopAsync();
            _untrusted.Dispose();
        }

        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }
    }

}

[CollectionDefinition(Name)]
public sealed class GatewayClusterCollection : ICollectionFixture<GatewayClusterFixture>
{
    public const string Name = "gateway cluster";
}
