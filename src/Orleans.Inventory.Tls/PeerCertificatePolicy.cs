using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Inventory.Tls;

/// <summary>
/// Who may be on the other end of one kind of connection: the certificate authorities a peer must chain to, the
/// extended key usage it needs, the names it may carry and, optionally, the thumbprints pinned.
/// </summary>
/// <remarks>
/// The chain is built here rather than taken from the TLS stack's verdict: with a private CA the stack's own chain
/// (against the machine's roots) always fails, and its name check is against the address dialled, not against the
/// names a silo or a client is known by. Nothing is skipped: a private CA replaces the machine's roots, it is not
/// added to them, and a peer must pass every check.
/// </remarks>
public sealed class PeerCertificatePolicy
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly HashSet<string> _names;
    private readonly HashSet<string> _thumbprints;
    private readonly string _usage;
    private readonly bool _checkRevocation;
    private readonly TimeProvider _time;

    /// <summary>Creates a policy.</summary>
    /// <param name="role">What the peer is, for messages (<c>silo</c>, <c>gateway client</c>).</param>
    /// <param name="authorities">The only roots trusted; null: the machine's trusted roots.</param>
    /// <param name="names">The DNS names a peer may carry (case-insensitive, exact).</param>
    /// <param name="usage">The extended key usage OID the peer needs (<see cref="TlsCertificates.ClientAuthentication"/> for who dials).</param>
    /// <param name="thumbprints">When not empty, the only thumbprints accepted.</param>
    /// <param name="checkRevocation">Check revocation online.</param>
    /// <param name="time">The clock validity is judged by.</param>
    public PeerCertificatePolicy(
        string role,
        X509Certificate2Collection? authorities,
        IEnumerable<string> names,
        string usage,
        IEnumerable<string>? thumbprints = null,
        bool checkRevocation = false,
        TimeProvider? time = null)
    {
        Role = role;
        _authorities = authorities;
        _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        _thumbprints = new HashSet<string>(thumbprints ?? [], StringComparer.OrdinalIgnoreCase);
        _usage = usage;
        _checkRevocation = checkRevocation;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>What the peer is, for messages.</summary>
    public string Role { get; }

    /// <summary>
    /// Null when the peer is accepted, else why not (one sentence, no secrets). <paramref name="presented"/> is the
    /// chain the TLS stack built, used only for the intermediates the peer sent.
    /// </summary>
    public string? Refusal(X509Certificate2? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"the {Role} presented no certificate";
        }

        if (_thumbprints.Count > 0 && !_thumbprints.Contains(certificate.Thumbprint))
        {
            return $"the {Role}'s certificate thumbprint {certificate.Thumbprint} is not in AllowedThumbprints";
        }

        var names = TlsCertificates.DnsNames(certificate);
        if (!names.Any(_names.Contains))
        {
            return $"the {Role}'s certificate names [{string.Join(", ", names)}] are none of the expected [{string.Join(", ", _names)}]";
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = _checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        policy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        policy.ApplicationPolicy.Add(new Oid(_usage));
        if (_authorities is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(_authorities);
        }

        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
            {
                policy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!chain.Build(certificate))
        {
            var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
            return $"the {Role}'s certificate ({certificate.Subject}) does not validate against the trusted authorities: {string.Join(", ", problems)}";
        }

        return null;
    }
}
