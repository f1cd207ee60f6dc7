using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>Silos joining a cluster whose silo port requires mutual TLS: only a silo certificate of the cluster's CA joins.</summary>
[Collection(TlsClusterCollection.Name)]
public sealed class SiloTlsTests(TlsClusterFixture cluster)
{
    private TestCertificates Certificates => cluster.Certificates;

    [Fact]
    public async Task ASiloWithTheSiloCertificateJoinsTheCluster()
    {
        var silo = await cluster.StartSiloAsync(Certificates.Settings(Certificates.Silo));
        try
        {
            var hosts = await Eventually.WaitForAsync(
                () => cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
                found => found.Count == 2, TimeSpan.FromSeconds(30), "two active silos");
            Assert.Equal(2, hosts.Count);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASiloWithoutTlsCannotJoin()
    {
        await AssertCannotJoinAsync(new Dictionary<string, string?>(), log =>
            log.Category == "Orleans.Connections.Security.TlsServerConnectionMiddleware" && log.Message.StartsWith("Authentication failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASiloWithASiloCertificateOfAnotherAuthorityCannotJoin()
    {
        // It trusts the cluster's CA, so only its own certificate stands in the way.
        await AssertCannotJoinAsync(Certificates.Settings(Certificates.OtherAuthoritySilo), log =>
            log.EventId == 9301 && log.Message.Contains("TLS silo port: refused: the silo's certificate (CN=inventory-silo) does not validate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASiloWithAGatewayClientsCertificateCannotJoin()
    {
        // The right CA and both usages, but a client's name: a client certificate does not make a silo.
        await AssertCannotJoinAsync(Certificates.Settings(Certificates.ClientPosingAsSilo), log =>
            log.EventId == 9301 && log.Message.Contains("TLS silo port: refused: the silo's certificate names [inventory-client] are none of the expected [inventory-silo]", StringComparison.Ordinal));
    }

    /// <summary>
    /// The silo's start fails (it gives up joining), the primary logged <paramref name="refusal"/> for it, and the
    /// cluster still has one active silo.
    /// </summary>
    private async Task AssertCannotJoinAsync(IReadOnlyDictionary<string, string?> tls, Func<RecordedLog, bool> refusal)
    {
        var before = cluster.Logs.Logs.Count;

        await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartSiloAsync(tls));

        Assert.Contains(cluster.Logs.Logs.Skip(before), log => refusal(log));
        var hosts = await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal([cluster.PrimarySiloPort], hosts.Keys.Select(silo => silo.Endpoint.Port));
    }
}
