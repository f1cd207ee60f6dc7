using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Tests.Tls;

/// <summary>
/// Development certificates made in the test, laid out as <c>scripts/dev-certs.sh</c> lays out <c>.data/certs</c>
/// (<c>ca.pem</c>, <c>silo.pem</c>/<c>silo.key</c>, <c>client.pem</c>/<c>client.key</c>, <c>api.pem</c>/<c>api.key</c>),
/// plus the wrong ones an intruder would bring: another CA's silo and client, a client of the right CA with another
/// name, a silo certificate that has expired. In a temporary folder, deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly Dictionary<string, CertificateFileOptions> _files = new(StringComparer.Ordinal);

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string AuthorityPath => Path.Combine(Directory, "ca.pem");

    public string OtherAuthorityPath => Path.Combine(Directory, "other-ca.pem");

    /// <summary>The development CA, with its key (to sign more certificates in a test).</summary>
    public X509Certificate2 Authority { get; private set; } = null!;

    /// <summary>Another CA, with its key: what an intruder's certificates chain to.</summary>
    public X509Certificate2 OtherAuthority { get; private set; } = null!;

    /// <summary>The silo certificate (server and client authentication, <c>inventory-silo</c>).</summary>
    public CertificateFileOptions Silo => _files["silo"];

    /// <summary>The gateway client certificate (client authentication, <c>inventory-client</c>).</summary>
    public CertificateFileOptions Client => _files["client"];

    /// <summary>The API's HTTPS certificate (server authentication, <c>localhost</c>, <c>127.0.0.1</c>).</summary>
    public CertificateFileOptions Api => _files["api"];

    /// <summary>A client certificate of the right CA carrying a name no one expects (<c>inventory-intruder</c>).</summary>
    public CertificateFileOptions IntruderClient => _files["intruder-client"];

    /// <summary>A client certificate named <c>inventory-client</c> from another CA.</summary>
    public CertificateFileOptions OtherAuthorityClient => _files["other-client"];

    /// <summary>A silo certificate named <c>inventory-silo</c> from another CA.</summary>
    public CertificateFileOptions OtherAuthoritySilo => _files["other-silo"];

    /// <summary>The client's name with both usages, from the right CA: a client certificate used to pose as a silo.</summary>
    public CertificateFileOptions ClientPosingAsSilo => _files["client-as-silo"];

    public static TestCertificates Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"inventory-certs-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var certificates = new TestCertificates(directory);
        certificates.Make();
        return certificates;
    }

    /// <summary>The settings that turn TLS on with <paramref name="own"/> as this process's certificate (configuration keys, ':' separated).</summary>
    public Dictionary<string, string?> Settings(CertificateFileOptions own, string? authorityPath = null) => new()
    {
        ["Inventory:Tls:Enabled"] = "true",
        ["Inventory:Tls:Certificate:Path"] = own.Path,
        ["Inventory:Tls:Certificate:KeyPath"] = own.KeyPath,
        ["Inventory:Tls:CertificateAuthorityPath"] = authorityPath ?? AuthorityPath,
        ["Inventory:Tls:SiloNames:0"] = InventoryTlsOptions.DefaultSiloName,
        ["Inventory:Tls:ClientNames:0"] = InventoryTlsOptions.DefaultClientName,
    };

    /// <summary>Loads one of the files with its key (as a process configured with it would).</summary>
    public static X509Certificate2 Load(CertificateFileOptions file) => TlsCertificates.LoadWithKey(file, "test");

    public void Dispose()
    {
        Authority.Dispose();
        OtherAuthority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Make()
    {
        var authority = Authority = CreateAuthority("Orleans.Inventory Test CA");
        var other = OtherAuthority = CreateAuthority("Someone Else's CA");
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
        File.WriteAllText(OtherAuthorityPath, other.ExportCertificatePem());

        string[] both = [TlsCertificates.ServerAuthentication, TlsCertificates.ClientAuthentication];
        string[] client = [TlsCertificates.ClientAuthentication];
        Write("silo", authority, InventoryTlsOptions.DefaultSiloName, both);
        Write("client", authority, InventoryTlsOptions.DefaultClientName, client);
        Write("api", authority, "localhost", [TlsCertificates.ServerAuthentication], IPAddress.Loopback);
        Write("intruder-client", authority, "inventory-intruder", client);
        Write("other-client", other, InventoryTlsOptions.DefaultClientName, client);
        Write("other-silo", other, InventoryTlsOptions.DefaultSiloName, both);
        Write("client-as-silo", authority, InventoryTlsOptions.DefaultClientName, both);
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-7), now.AddDays(30));
    }

    /// <summary>A leaf certificate signed by <paramref name="issuer"/>; its PEM certificate and key go to <c>{name}.pem</c> / <c>{name}.key</c>.</summary>
    public CertificateFileOptions Write(string name, X509Certificate2 issuer, string dnsName, string[] usages, IPAddress? address = null, TimeSpan? validFor = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var usageOids = new OidCollection();
        foreach (var usage in usages)
        {
            usageOids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usageOids, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (address is not null)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var now = DateTimeOffset.UtcNow;
        var (from, to) = validFor is { } span && span < TimeSpan.Zero
            ? (now.AddDays(-2), now + span)
            : (now.AddMinutes(-5), now + (validFor ?? TimeSpan.FromDays(10)));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var certificate = request.Create(issuer, from, to, serial);
        var file = new CertificateFileOptions
        {
            Path = Path.Combine(Directory, $"{name}.pem"),
            KeyPath = Path.Combine(Directory, $"{name}.key"),
        };
        File.WriteAllText(file.Path, certificate.ExportCertificatePem());
        File.WriteAllText(file.KeyPath, key.ExportPkcs8PrivateKeyPem());
        _files[name] = file;
        return file;
    }
}
