using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Inventory.EventHubsEmulator.Security;

/// <summary>
/// Checks a SAS token the way the service does: the named key must exist, the HMAC-SHA256 signature over
/// "URL-encoded resource + newline + expiry" must match, the expiry must lie ahead and the token's resource
/// must cover the audience it is presented for.
/// </summary>
internal sealed class SharedAccessSignatureValidator(IEnumerable<SharedAccessKeyOptions> keys, TimeProvider time)
{
    private const string Prefix = "SharedAccessSignature ";
    private readonly Dictionary<string, (SharedAccessKeyOptions Options, byte[] Secret)> _keys =
        keys.ToDictionary(k => k.Name, k => (k, Encoding.UTF8.GetBytes(k.Key)), StringComparer.Ordinal);

    public TokenCheck Check(string? token, string? audience)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Refused("The token is not a shared access signature.");
        }

        var raw = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in token[Prefix.Length..].Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                raw[part[..equals]] = part[(equals + 1)..];
            }
        }

        if (!raw.TryGetValue("sr", out var encodedResource)
            || !raw.TryGetValue("sig", out var encodedSignature)
            || !raw.TryGetValue("se", out var expiry)
            || !raw.TryGetValue("skn", out var keyName))
        {
            return TokenCheck.Refused("The shared access signature lacks one of sr, sig, se and skn.");
        }

        keyName = WebUtility.UrlDecode(keyName);
        if (!_keys.TryGetValue(keyName, out var policy))
        {
            return TokenCheck.Refused($"The shared access key '{keyName}' is unknown.");
        }

        if (!long.TryParse(expiry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            return TokenCheck.Refused("The expiry (se) of the shared access signature is not a number.");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expirySeconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (expiresAt <= time.GetUtcNow())
        {
            return TokenCheck.Refused($"The shared access signature expired at {expiresAt:O}.");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(WebUtility.UrlDecode(encodedSignature));
        }
        catch (FormatException)
        {
            return TokenCheck.Refused("The signature (sig) is not base64.");
        }

        // Signers URL-encode the resource before signing; they differ in the details (hex case, what they
        // escape), so both the resource exactly as it stands in the token and our own encoding are tried.
        var resource = WebUtility.UrlDecode(encodedResource);
        var key = policy.Secret;
        if (!Matches(key, encodedResource, expiry, signature) && !Matches(key, WebUtility.UrlEncode(resource), expiry, signature))
        {
            return TokenCheck.Refused($"The signature does not match the shared access key '{keyName}'.");
        }

        var resourcePath = EntityPath.Normalize(resource);
        if (audience is not null && !EntityPath.Covers(resourcePath, EntityPath.Normalize(audience)))
        {
            return TokenCheck.Refused($"The token is for '{resource}', not for the audience '{audience}'.");
        }

        return TokenCheck.Accepted(resourcePath, expiresAt, policy.Options);
    }

    private static bool Matches(byte[] key, string encodedResource, string expiry, byte[] signature)
    {
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry));
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
