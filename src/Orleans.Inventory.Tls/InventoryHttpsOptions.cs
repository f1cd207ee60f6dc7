namespace Orleans.Inventory.Tls;

/// <summary>HTTPS on the HTTP API of a silo host, part of <see cref="InventoryTlsOptions"/> (<c>Inventory:Tls:Api</c>).</summary>
public sealed class InventoryHttpsOptions
{
    /// <summary>
    /// The API's server certificate (server authentication, names the API is reached by such as <c>localhost</c> and
    /// <c>127.0.0.1</c>). Empty: no HTTPS certificate is configured here.
    /// </summary>
    public CertificateFileOptions Certificate { get; set; } = new();
}
