using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>
/// An HTTP handler that trusts only the certificate authorities of one PEM file (the development CA of the local
/// durable profile, <c>.data/certs/ca.pem</c>) instead of the machine's roots; the server's name is still checked.
/// </summary>
internal static class CertificateAuthorityTrust
{
    /// <summary>A handler trusting <paramref name="pemPath"/>'s CAs, or the problem naming the option and the file.</summary>
    public static (HttpMessageHandler? Handler, string? Error) Handler(string option, string pemPath)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(pemPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return (null, $"{option}: '{pemPath}' could not be read as PEM certificates: {e.Message}");
        }

        if (authorities.Count == 0)
        {
            return (null, $"{option}: '{pemPath}' holds no certificate.");
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            // A chain error is expected (the machine does not know the CA) and decided below; any other is not.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(server);
        };
        return (handler, null);
    }
}
