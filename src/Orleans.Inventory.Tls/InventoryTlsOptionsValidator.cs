using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Tls;

/// <summary>
/// Checks <see cref="InventoryTlsOptions"/> at start when TLS is on: the certificate and the authorities load, the
/// certificate allows what <see cref="TlsRole"/> needs, and the expected names are given. Each problem names its setting.
/// </summary>
internal sealed class InventoryTlsOptionsValidator(TlsRole role) : IValidateOptions<InventoryTlsOptions>
{
    private const string Section = InventoryTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, InventoryTlsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.SiloNames.Count == 0 || options.SiloNames.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{Section}:SiloNames must list the names silo certificates carry (e.g. {InventoryTlsOptions.DefaultSiloName}).");
        }

        if (role == TlsRole.Silo && options.ClientNames.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{Section}:ClientNames must not hold an empty name.");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:HandshakeTimeout must be positive, was {options.HandshakeTimeout}.");
        }

        try
        {
            using var certificate = TlsCertificates.LoadWithKey(options.Certificate, $"{Section}:Certificate");
            var needs = role == TlsRole.Silo
                ? new[] { TlsCertificates.ServerAuthentication, TlsCertificates.ClientAuthentication }
                : [TlsCertificates.ClientAuthentication];
            if (!needs.All(usage => TlsCertificates.AllowsUsage(certificate, usage)))
            {
                errors.Add($"{Section}:Certificate ({certificate.Subject}) must allow {(role == TlsRole.Silo ? "server and client authentication (a silo accepts and dials)" : "client authentication")}.");
            }
        }
        catch (InvalidOperationException e)
        {
            errors.Add(e.Message);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateAuthorityPath))
        {
            try
            {
                TlsCertificates.LoadAuthorities(options.CertificateAuthorityPath, $"{Section}:CertificateAuthorityPath");
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }

        if (role == TlsRole.Silo && options.Api.Certificate.IsSet)
        {
            try
            {
                using var api = TlsCertificates.LoadWithKey(options.Api.Certificate, $"{Section}:Api:Certificate");
                if (!TlsCertificates.AllowsUsage(api, TlsCertificates.ServerAuthentication))
                {
                    errors.Add($"{Section}:Api:Certificate ({api.Subject}) must allow server authentication.");
                }
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
