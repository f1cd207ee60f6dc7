using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Orleans.Inventory.Grains.Secrets;

/// <summary>
/// Webhook secrets at rest: <see cref="Prefix"/> + the Data Protection payload of the secret under the purpose
/// <see cref="Purpose"/>. Grain state only ever holds that form; the sender unprotects it for each signature. A value
/// without the prefix is a plain-text secret stored before secrets were protected: <see cref="IsProtected"/> says so,
/// and the webhook grains re-protect it the first time they read it.
/// </summary>
internal sealed class WebhookSecretProtector(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "Orleans.Inventory.Webhooks.Secret.v1";

    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    /// <summary>
    /// The secret to sign with. A plain-text value (stored by earlier versions) is returned as it is. Throws
    /// <see cref="CryptographicException"/> when the key ring that protected it is not this silo's (a different
    /// <c>Inventory:DataProtection</c> key ring or application name), with a message that says so.
    /// </summary>
    public string Unprotect(string stored)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException exception)
        {
            throw new CryptographicException(
                "A webhook secret could not be unprotected: it was protected with a key ring this silo does not have. Every silo must share one key ring and application name (Inventory:DataProtection).",
                exception);
        }
    }

    /// <summary>The stored form of <paramref name="stored"/>: itself when protected, else protected now.</summary>
    public string Protected(string stored) => IsProtected(stored) ? stored : Protect(stored);
}
