using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;
using Orleans.Inventory.Client;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>Gateway clients against a silo whose gateway requires mutual TLS: only the client certificate of the cluster's CA gets in.</summary>
/// <remarks>
/// A refused Orleans client does not fail its start: it retries the gateway until the start is abandoned. So a refusal
/// is shown by the side that refused logging why, for this connection, while the client's start is still pending.
/// </remarks>
[Collection(TlsClusterCollection.Name)]
public sealed class GatewayTlsTests(TlsClusterFixture cluster)
{
    /// <summary>The category Orleans' TLS server logs a failed handshake under ("Authentication failed").</summary>
    private const string OrleansTlsServer = "Orleans.Connections.Security.TlsServerConnectionMiddleware";

    private TestCertificates Certificates => cluster.Certificates;

    [Fact]
    public async Task AClientOfTheLibraryWithTheClientCertificateCallsGrainsOverTls()
    {
        using var client = await cluster.ConnectClientAsync(Certificates.Settings(Certificates.Client));
        var warehouse = $"wh-{Guid.NewGuid():N}";

        await client.Services.GetRequiredService<IClusterClient>().GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key)
            .PutAsync(new WarehouseInfo(warehouse, "tls-region", "TLS test"));
        var stock = await client.Services.GetRequiredService<IInventoryClient>().GetStockAsync(new StockKey(warehouse, "SKU1"));

        Assert.Equal(0, stock.AvailableQuantity);
        Assert.NotNull(await cluster.Grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key).GetAsync(warehouse));
        await client.StopAsync();
    }

    [Fact]
    public async Task AClientWithoutTlsIsRefused()
    {
        await AssertRefusedAsync(cluster.BuildClient(new Dictionary<string, string?>()), cluster.Logs, OrleansHandshakeFailed);
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefused()
    {
        var client = cluster.BuildRawClient(client => client.UseTls(options =>
        {
            // TLS, trusting whatever the gateway presents, but with no certificate of its own to show.
            options.LocalCertificate = null;
            options.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
            options.AllowAnyRemoteCertificate();
        }));

        await AssertRefusedAsync(client, cluster.Logs, OrleansHandshakeFailed);
    }

    [Fact]
    public async Task AClientWithACertificateOfTheRightAuthorityButAnotherNameIsRefusedAndTheSiloSaysWhy()
    {
        await AssertRefusedAsync(
            cluster.BuildClient(Certificates.Settings(Certificates.IntruderClient)),
            cluster.Logs,
            log => log.EventId == 9301 && log.Message.Contains("TLS gateway: refused: the gateway client's certificate names [inventory-intruder] are none of the expected [inventory-client]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientWithTheRightNameFromAnotherAuthorityIsRefused()
    {
        // It accepts any gateway (or the gateway would be the one refused): what it sends is the point.
        var client = cluster.BuildRawClient(client => client.UseTls(
            TestCertificates.Load(Certificates.OtherAuthorityClient), options => options.AllowAnyRemoteCertificate()));

        await AssertRefusedAsync(
            client,
            cluster.Logs,
            log => log.EventId == 9301 && log.Message.Contains("TLS gateway: refused: the gateway client's certificate (CN=inventory-client) does not validate against the trusted authorities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientPresentingASiloCertificateIsRefusedAtTheGateway()
    {
        // A silo's certificate allows client authentication (silos dial each other), but the gateway is for clients.
        await AssertRefusedAsync(
            cluster.BuildClient(Certificates.Settings(Certificates.Silo)),
            cluster.Logs,
            log => log.EventId == 9301 && log.Message.Contains("TLS gateway: refused: the gateway client's certificate names [inventory-silo] are none of the expected [inventory-client]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientRefusesAGatewayWhoseCertificateIsNotOfItsAuthority()
    {
        // The client trusts only another CA: the real gateway's silo certificate does not chain to it.
        var logs = new LogRecorder();
        var client = cluster.BuildClient(Certificates.Settings(Certificates.Client, Certificates.OtherAuthorityPath), logs);

        await AssertRefusedAsync(
            client,
            logs,
            log => log.EventId == 9301 && log.Message.Contains("TLS to a gateway: refused: the silo's certificate (CN=inventory-silo) does not validate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientConfiguredForTlsWithoutACertificateDoesNotStartAndSaysWhichSettingIsMissing()
    {
        var settings = Certificates.Settings(Certificates.Client);
        settings["Inventory:Tls:Certificate:Path"] = null;
        settings["Inventory:Tls:Certificate:KeyPath"] = null;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.ConnectClientAsync(settings));

        Assert.Contains("Inventory:Tls:Certificate:Path is required", refused.ToString(), StringComparison.Ordinal);
    }

    private static bool OrleansHandshakeFailed(RecordedLog log) =>
        log.Category == OrleansTlsServer && log.Message.StartsWith("Authentication failed", StringComparison.Ordinal);

    /// <summary>
    /// Starts <paramref name="client"/> and waits for <paramref name="refusal"/> among the lines <paramref name="logs"/>
    /// keeps from now on; by then the client must not have connected.
    /// </summary>
    private static async Task AssertRefusedAsync(IHost client, LogRecorder logs, Func<RecordedLog, bool> refusal)
    {
        var before = logs.Logs.Count;
        var start = client.StartAsync();
        try
        {
            await Eventually.WaitForAsync(
                () => Task.FromResult(logs.Logs.Skip(before).Any(refusal)), found => found, TimeSpan.FromSeconds(30), "the refusal in the log");
            Assert.False(start.IsCompletedSuccessfully, "The client connected although its connection was refused.");
        }
        finally
        {
            // Stopping ends the client's retries (disposing alone leaves them running until the process exits).
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.StopAsync(stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            client.Dispose();
        }
    }
}
