namespace Orleans.Inventory.Tls;

/// <summary>
/// TLS on the Orleans silo-to-silo and gateway connections, both ways authenticated by certificates (mutual TLS), and
/// HTTPS on the API. Bound from <c>Inventory:Tls</c> and validated at start. Off in the embedded profile (one process on
/// 127.0.0.1); the local durable and Azure profiles turn it on.
/// </summary>
/// <remarks>
/// A peer is accepted only if its certificate chains to <see cref="CertificateAuthorityPath"/> (or, without it, to the
/// machine's trusted roots), carries the extended key usage its side needs (client authentication for who connects,
/// server authentication for who is connected to), is within its validity period, and has a DNS name (subject
/// alternative name, or the common name when it has none) among <see cref="SiloNames"/> (silo port, and every silo
/// dialled) or <see cref="ClientNames"/> (gateway port). When <see cref="AllowedThumbprints"/> is not empty the peer's
/// SHA-1 thumbprint must be in it too.
/// </remarks>
public sealed class InventoryTlsOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Inventory:Tls";

    /// <summary>The name a silo's certificate carries by default.</summary>
    public const string DefaultSiloName = "inventory-silo";

    /// <summary>The name a gateway client's certificate carries by default.</summary>
    public const string DefaultClientName = "inventory-client";

    /// <summary>Turns TLS on for every Orleans connection of this process (and HTTPS on the API of a silo host).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// This process's own certificate: on a silo the silo certificate (server and client authentication, it both
    /// accepts and dials), on a gateway client the client certificate (client authentication).
    /// </summary>
    public CertificateFileOptions Certificate { get; set; } = new();

    /// <summary>
    /// A PEM file of the certificate authorities peers must chain to (e.g. the development CA <c>.data/certs/ca.pem</c>,
    /// or an organisation's private CA). Only these are trusted then, not the machine's roots. Empty: the machine's
    /// trusted roots.
    /// </summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>The names a silo's certificate may carry; a peer on the silo port, and every silo dialled, needs one.</summary>
    public List<string> SiloNames { get; set; } = [];

    /// <summary>The names a gateway client's certificate may carry; a peer on the gateway port needs one.</summary>
    public List<string> ClientNames { get; set; } = [];

    /// <summary>When not empty, a peer's certificate thumbprint (SHA-1, hex) must also be one of these (pinning).</summary>
    public List<string> AllowedThumbprints { get; set; } = [];

    /// <summary>Check revocation (online) when building a peer's chain; off for development CAs, which publish no CRL.</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTPS on the API of a silo host (Kestrel); used by addresses in <c>Urls</c> that start with <c>https://</c>.</summary>
    public InventoryHttpsOptions Api { get; set; } = new();
}
