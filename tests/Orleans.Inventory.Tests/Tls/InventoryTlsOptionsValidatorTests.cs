using System.Security.Cryptography.X509Certificates;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>What stops a host at start when <c>Inventory:Tls</c> is on, each problem naming its setting.</summary>
public sealed class InventoryTlsOptionsValidatorTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    private InventoryTlsOptions Options(CertificateFileOptions own) => new()
    {
        Enabled = true,
        Certificate = own,
        CertificateAuthorityPath = _certificates.AuthorityPath,
        SiloNames = [InventoryTlsOptions.DefaultSiloName],
        ClientNames = [InventoryTlsOptions.DefaultClientName],
    };

    private static IEnumerable<string> Failures(TlsRole role, InventoryTlsOptions options) =>
        new InventoryTlsOptionsValidator(role).Validate(null, options).Failures ?? [];

    [Fact]
    public void TheDevelopmentCertificatesOfEachRolePass()
    {
        Assert.Empty(Failures(TlsRole.Silo, Options(_certificates.Silo)));
        Assert.Empty(Failures(TlsRole.Client, Options(_certificates.Client)));
    }

    [Fact]
    public void TurnedOffNothingIsRequired()
    {
        Assert.Empty(Failures(TlsRole.Silo, new InventoryTlsOptions()));
    }

    [Fact]
    public void ASiloWithAClientOnlyCertificateIsRefusedBecauseItMustAlsoAccept()
    {
        var failure = Assert.Single(Failures(TlsRole.Silo, Options(_certificates.Client)));

        Assert.Equal("Inventory:Tls:Certificate (CN=inventory-client) must allow server and client authentication (a silo accepts and dials).", failure);
    }

    [Fact]
    public void AMissingAuthorityFileAndMissingSiloNamesAreEachNamed()
    {
        var options = Options(_certificates.Silo);
        options.CertificateAuthorityPath = Path.Combine(_certificates.Directory, "missing-ca.pem");
        options.SiloNames = [];

        var failures = Failures(TlsRole.Silo, options).ToList();

        Assert.Contains(failures, f => f.StartsWith("Inventory:Tls:SiloNames must list the names silo certificates carry", StringComparison.Ordinal));
        Assert.Contains(failures, f => f == $"Inventory:Tls:CertificateAuthorityPath '{options.CertificateAuthorityPath}' does not exist (development certificates: scripts/dev-certs.sh).");
    }

    [Fact]
    public void APemCertificateWithoutItsKeyIsRefused()
    {
        var options = Options(new CertificateFileOptions { Path = _certificates.Silo.Path });

        var failure = Assert.Single(Failures(TlsRole.Silo, options));

        Assert.StartsWith($"Inventory:Tls:Certificate:Path '{_certificates.Silo.Path}' could not be read as a certificate with its key", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void APasswordProtectedPkcs12CertificateLoadsWithItsPassword()
    {
        using var silo = TestCertificates.Load(_certificates.Silo);
        var pfx = Path.Combine(_certificates.Directory, "silo.pfx");
        File.WriteAllBytes(pfx, silo.Export(X509ContentType.Pkcs12, "pfx-password"));

        Assert.Empty(Failures(TlsRole.Silo, Options(new CertificateFileOptions { Path = pfx, Password = "pfx-password" })));
        Assert.Single(Failures(TlsRole.Silo, Options(new CertificateFileOptions { Path = pfx, Password = "wrong" })));
    }

    public void Dispose() => _certificates.Dispose();
}
