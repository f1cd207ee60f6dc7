using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>The checks a silo or a client makes of the certificate on the other end, without a network.</summary>
public sealed class PeerCertificatePolicyTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    private PeerCertificatePolicy GatewayPolicy(IEnumerable<string>? thumbprints = null) => new(
        "gateway client", [_certificates.Authority], [InventoryTlsOptions.DefaultClientName], TlsCertificates.ClientAuthentication, thumbprints);

    [Fact]
    public void TheClientCertificateOfTheConfiguredAuthorityIsAccepted()
    {
        using var client = TestCertificates.Load(_certificates.Client);

        Assert.Null(GatewayPolicy().Refusal(client, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void NoCertificateIsRefused()
    {
        Assert.Equal("the gateway client presented no certificate", GatewayPolicy().Refusal(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void ACertificateOfTheRightAuthorityWithAnotherNameIsRefusedNamingItsNames()
    {
        using var intruder = TestCertificates.Load(_certificates.IntruderClient);

        var refusal = GatewayPolicy().Refusal(intruder, null, SslPolicyErrors.None);

        Assert.Equal("the gateway client's certificate names [inventory-intruder] are none of the expected [inventory-client]", refusal);
    }

    [Fact]
    public void ACertificateWithTheRightNameFromAnotherAuthorityIsRefused()
    {
        using var other = TestCertificates.Load(_certificates.OtherAuthorityClient);

        var refusal = GatewayPolicy().Refusal(other, null, SslPolicyErrors.None);

        Assert.StartsWith("the gateway client's certificate (CN=inventory-client) does not validate against the trusted authorities", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateWithoutTheNeededUsageIsRefused()
    {
        // The API's certificate is for servers only; it cannot dial a gateway even with an expected name.
        using var api = TestCertificates.Load(_certificates.Api);
        var policy = new PeerCertificatePolicy("gateway client", [_certificates.Authority], ["localhost"], TlsCertificates.ClientAuthentication);

        var refusal = policy.Refusal(api, null, SslPolicyErrors.None);

        Assert.Contains(nameof(X509ChainStatusFlags.NotValidForUsage), refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExpiredCertificateIsRefused()
    {
        var expired = _certificates.Write("expired-client", _certificates.Authority, InventoryTlsOptions.DefaultClientName, [TlsCertificates.ClientAuthentication], validFor: TimeSpan.FromDays(-1));
        using var certificate = TestCertificates.Load(expired);

        var refusal = GatewayPolicy().Refusal(certificate, null, SslPolicyErrors.None);

        Assert.Contains(nameof(X509ChainStatusFlags.NotTimeValid), refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void WithPinnedThumbprintsAnotherCertificateOfTheRightAuthorityAndNameIsRefused()
    {
        using var client = TestCertificates.Load(_certificates.Client);
        using var sibling = TestCertificates.Load(_certificates.Write("sibling", _certificates.Authority, InventoryTlsOptions.DefaultClientName, [TlsCertificates.ClientAuthentication]));
        var pinned = GatewayPolicy([client.Thumbprint]);

        Assert.Null(pinned.Refusal(client, null, SslPolicyErrors.None));
        Assert.Equal($"the gateway client's certificate thumbprint {sibling.Thumbprint} is not in AllowedThumbprints", pinned.Refusal(sibling, null, SslPolicyErrors.None));
    }

    [Fact]
    public void WithoutAConfiguredAuthorityTheMachineRootsDecideAndDoNotKnowTheDevelopmentCa()
    {
        using var client = TestCertificates.Load(_certificates.Client);
        var machineRoots = new PeerCertificatePolicy("gateway client", null, [InventoryTlsOptions.DefaultClientName], TlsCertificates.ClientAuthentication);

        Assert.NotNull(machineRoots.Refusal(client, null, SslPolicyErrors.None));
    }

    public void Dispose() => _certificates.Dispose();
}
