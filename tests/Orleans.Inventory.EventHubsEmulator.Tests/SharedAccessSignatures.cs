using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>SAS tokens signed by the test itself, for expiries the SDK would not produce on its own.</summary>
internal static class SharedAccessSignatures
{
    public static string Sign(string resource, string keyName, string key, DateTimeOffset expiresAt)
    {
        var encodedResource = WebUtility.UrlEncode(resource);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry)));
        return $"SharedAccessSignature sr={encodedResource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={keyName}";
    }

    /// <summary>A connection string carrying a token for the test hub that expires at <paramref name="expiresAt"/>.</summary>
    public static string ConnectionString(TestEmulator emulator, DateTimeOffset expiresAt)
    {
        var resource = $"sb://127.0.0.1:{emulator.Server.Port}/{TestEmulator.Hub}";
        var token = Sign(resource, TestEmulator.KeyName, TestEmulator.Key, expiresAt);
        return $"Endpoint=sb://127.0.0.1:{emulator.Server.Port};SharedAccessSignature={token};UseDevelopmentEmulator=true";
    }
}
