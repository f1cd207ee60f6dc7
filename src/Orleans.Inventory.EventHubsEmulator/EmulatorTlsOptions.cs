using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>
/// AMQPS (AMQP over TLS, as Azure Event Hubs speaks on 5671) instead of plain AMQP, part of
/// <see cref="EventHubsEmulatorOptions"/> (<c>EventHubsEmulator:Tls</c>). The server certificate is a PEM certificate
/// with its PEM key (<c>scripts/dev-certs.sh</c> writes <c>.data/certs/eventhubs.pem</c> and <c>.key</c>) or a PKCS#12
/// file; relative paths are relative to the working directory. Clients must trust its issuer (the development CA).
/// </summary>
public sealed class EmulatorTlsOptions
{
    /// <summary>Serve AMQPS only; plain AMQP connections are refused.</summary>
    public bool Enabled { get; set; }

    /// <summary>The server certificate: PEM (with <see cref="KeyPath"/>) or PKCS#12 (<c>.pfx</c>, <c>.p12</c>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's when it is encrypted.</summary>
    public string? Password { get; set; }

    internal IEnumerable<string> Validate(string prefix)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return $"{prefix}.{nameof(CertificatePath)} is required when {prefix}.{nameof(Enabled)} is true.";
        }
        else if (!File.Exists(CertificatePath))
        {
            yield return $"{prefix}.{nameof(CertificatePath)} '{Path.GetFullPath(CertificatePath)}' does not exist (development certificates: scripts/dev-certs.sh).";
        }

        if (!string.IsNullOrWhiteSpace(KeyPath) && !File.Exists(KeyPath))
        {
            yield return $"{prefix}.{nameof(KeyPath)} '{Path.GetFullPath(KeyPath)}' does not exist.";
        }
    }

    /// <summary>Loads the server certificate with its key.</summary>
    /// <exception cref="InvalidOperationException">It cannot be read or has no private key; the message names the file.</exception>
    internal X509Certificate2 LoadCertificate()
    {
        var path = Path.GetFullPath(CertificatePath!);
        try
        {
            X509Certificate2 certificate;
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Password);
            }
            else
            {
                var key = string.IsNullOrWhiteSpace(KeyPath) ? null : Path.GetFullPath(KeyPath);
                using var pem = string.IsNullOrEmpty(Password)
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, Password, key);
                // A PEM key is ephemeral; SslStream on Windows needs a persisted one, which a PKCS#12 round trip gives.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            }

            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"EventHubsEmulator:Tls:CertificatePath '{path}' has no private key (give KeyPath, or a PKCS#12 file with the key).");
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"EventHubsEmulator:Tls:CertificatePath '{path}' could not be read as a certificate with its key: {e.Message}", e);
        }
    }
}
