namespace Orleans.Inventory.Tls;

/// <summary>
/// A certificate with its private key, read from files: a PEM certificate with a PEM key (<see cref="KeyPath"/>, what
/// <c>scripts/dev-certs.sh</c> writes), or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) with an optional
/// <see cref="Password"/> (what Key Vault exports). Relative paths are relative to the current directory.
/// </summary>
public sealed class CertificateFileOptions
{
    /// <summary>The certificate: a PEM file (with <see cref="KeyPath"/>) or a PKCS#12 file.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key of a PEM certificate; empty for PKCS#12 (or a PEM file holding the key too).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or the PEM key's when it is encrypted.</summary>
    public string? Password { get; set; }

    /// <summary>True when a certificate file is named.</summary>
    public bool IsSet => !string.IsNullOrWhiteSpace(Path);
}
