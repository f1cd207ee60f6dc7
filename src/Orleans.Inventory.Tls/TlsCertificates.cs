using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Inventory.Tls;

/// <summary>Loads the certificates <see cref="InventoryTlsOptions"/> names, failing with a message that names the setting and the file.</summary>
public static class TlsCertificates
{
    /// <summary>The extended key usage OID of a TLS server certificate.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The extended key usage OID of a TLS client certificate.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Loads a certificate with its private key. <paramref name="setting"/> names the configuration key in errors.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable, or has no private key.</exception>
    public static X509Certificate2 LoadWithKey(CertificateFileOptions file, string setting)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.IsSet)
        {
            throw new InvalidOperationException($"{setting}:Path is required (a PEM certificate with {setting}:KeyPath, or a PKCS#12 file).");
        }

        var path = System.IO.Path.GetFullPath(file.Path!);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}:Path '{path}' does not exist (development certificates: scripts/dev-certs.sh).");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, file.Password, X509KeyStorageFlags.DefaultKeySet)
                : LoadPem(path, file, setting);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}:Path '{path}' could not be read as a certificate with its key: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting}:Path '{path}' has no private key (give {setting}:KeyPath, or a PKCS#12 file with the key).");
        }

        return certificate;
    }

    /// <summary>Loads the certificate authorities of a PEM file (one or more certificates).</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or holds no certificate.</exception>
    public static X509Certificate2Collection LoadAuthorities(string path, string setting)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new InvalidOperationException($"{setting} '{full}' does not exist (development certificates: scripts/dev-certs.sh).");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(full);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting} '{full}' could not be read as PEM certificates: {e.Message}", e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new InvalidOperationException($"{setting} '{full}' holds no certificate.");
    }

    /// <summary>True when the certificate has no extended key usage extension (any use) or lists <paramref name="oid"/>.</summary>
    public static bool AllowsUsage(X509Certificate2 certificate, string oid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return usages is null || usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid);
    }

    /// <summary>
    /// The DNS names a certificate is for: its subject alternative names, or its common name when it has none (as a
    /// TLS client checks a server's name).
    /// </summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (alternative is not null)
        {
            return [.. alternative.EnumerateDnsNames()];
        }

        var common = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(common) ? [] : [common];
    }

    private static X509Certificate2 LoadPem(string path, CertificateFileOptions file, string setting)
    {
        var keyPath = string.IsNullOrWhiteSpace(file.KeyPath) ? null : System.IO.Path.GetFullPath(file.KeyPath);
        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw new InvalidOperationException($"{setting}:KeyPath '{keyPath}' does not exist.");
        }

        using var pem = string.IsNullOrEmpty(file.Password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, file.Password, keyPath);

        // A PEM key is ephemeral; SslStream on Windows needs a persisted one, which a PKCS#12 round trip gives.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
