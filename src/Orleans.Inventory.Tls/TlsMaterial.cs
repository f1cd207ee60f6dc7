using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace Orleans.Inventory.Tls;

/// <summary>
/// The certificates of <see cref="InventoryTlsOptions"/>, loaded once per process, and the Orleans
/// <see cref="TlsOptions"/> built from them for each kind of connection.
/// </summary>
internal sealed class TlsMaterial
{
    private readonly InventoryTlsOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly X509Certificate2Collection? _authorities;

    public TlsMaterial(IOptions<InventoryTlsOptions> options, ILoggerFactory loggers, TlsRole role)
    {
        _options = options.Value;
        _loggers = loggers;
        LocalCertificate = TlsCertificates.LoadWithKey(_options.Certificate, $"{InventoryTlsOptions.SectionName}:Certificate");
        _authorities = string.IsNullOrWhiteSpace(_options.CertificateAuthorityPath)
            ? null
            : TlsCertificates.LoadAuthorities(_options.CertificateAuthorityPath, $"{InventoryTlsOptions.SectionName}:CertificateAuthorityPath");
        Log.TlsOn(
            loggers.CreateLogger<TlsMaterial>(), role, LocalCertificate.Subject, LocalCertificate.Thumbprint,
            _authorities is null ? "the machine's roots" : string.Join("; ", _authorities.Select(a => a.Subject)),
            string.Join(", ", _options.SiloNames), string.Join(", ", _options.ClientNames));
    }

    public X509Certificate2 LocalCertificate { get; }

    /// <summary>TLS for connections accepted from peers of <paramref name="role"/> with <paramref name="names"/> (they dial: client authentication).</summary>
    public TlsOptions Accepting(string connection, string role, IEnumerable<string> names) =>
        Build(connection, new PeerCertificatePolicy(role, _authorities, names, TlsCertificates.ClientAuthentication, _options.AllowedThumbprints, _options.CheckCertificateRevocation));

    /// <summary>TLS for connections this process dials to silos (they answer: server authentication).</summary>
    public TlsOptions DiallingSilos(string connection) =>
        Build(connection, new PeerCertificatePolicy("silo", _authorities, _options.SiloNames, TlsCertificates.ServerAuthentication, _options.AllowedThumbprints, _options.CheckCertificateRevocation));

    private TlsOptions Build(string connection, PeerCertificatePolicy peers)
    {
        var logger = _loggers.CreateLogger<PeerCertificatePolicy>();
        return new TlsOptions
        {
            LocalCertificate = LocalCertificate,
            // Both ends present a certificate, both ends check it (mutual TLS).
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            CheckCertificateRevocation = _options.CheckCertificateRevocation,
            HandshakeTimeout = _options.HandshakeTimeout,
            RemoteCertificateValidation = (certificate, chain, errors) =>
            {
                var refusal = peers.Refusal(certificate, chain, errors);
                if (refusal is not null)
                {
                    Log.PeerRefused(logger, connection, refusal);
                }

                return refusal is null;
            },
        };
    }
}
