using System.Security.Cryptography;
using System.Text;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>
/// <c>X-Inventory-Signature</c>: <c>sha256=</c> + lowercase hex of HMAC-SHA256 over <c>"{timestamp}.{body}"</c>
/// keyed with the webhook's secret (UTF-8). The timestamp (Unix seconds, also sent as <c>X-Inventory-Timestamp</c>)
/// is inside the signature so a receiver can refuse old replays.
/// </summary>
internal static class WebhookSignature
{
    public static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"sha256={Convert.ToHexStringLower(mac)}";
    }
}
