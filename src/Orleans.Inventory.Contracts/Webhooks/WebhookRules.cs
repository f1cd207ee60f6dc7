using System.Security.Cryptography;
using System.Text;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Webhooks;

/// <summary>What a webhook registration must satisfy, and how webhook and delivery ids are made.</summary>
public static class WebhookRules
{
    public const int MinSecretLength = 16;

    public const int MaxSecretLength = 256;

    public const int MaxUrlLength = 2048;

    private const string WebhookIdPrefix = "wh-";

    /// <summary>Why <paramref name="url"/> cannot be a webhook address, or null when it can: absolute http or https.</summary>
    public static string? CheckUrl(string url, out Uri? parsed)
    {
        parsed = null;
        if (url.Length > MaxUrlLength)
        {
            return $"must be at most {MaxUrlLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Not echoed: the audit feed records this refusal, and a URL's path or query may hold the receiver's token.
            return "is not an absolute http or https URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials (user:password@); use the secret to authenticate deliveries";
        }

        parsed = uri;
        return null;
    }

    /// <summary>Why <paramref name="secret"/> cannot sign deliveries, or null when it can.</summary>
    public static string? CheckSecret(string secret) =>
        secret.Length < MinSecretLength || secret.Length > MaxSecretLength
            ? $"must be {MinSecretLength} to {MaxSecretLength} characters (it has {secret.Length})"
            : null;

    public static string NewWebhookId() => $"{WebhookIdPrefix}{Guid.NewGuid():N}";

    /// <summary>True for something <see cref="NewWebhookId"/> could have made (so other strings never reach a grain).</summary>
    public static bool IsWebhookId(string id) =>
        id.Length == WebhookIdPrefix.Length + 32
        && id.StartsWith(WebhookIdPrefix, StringComparison.Ordinal)
        && id.AsSpan(WebhookIdPrefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>
    /// <c>dlv-</c> + 128 bits of SHA-256 over webhook id and notification id: the same notification re-published
    /// after a crash yields the same delivery id, so a receiver that keeps the ids it has seen can dedupe.
    /// </summary>
    public static string DeliveryId(string webhookId, string notificationId)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{webhookId}\n{notificationId}"));
        return $"dlv-{Convert.ToHexStringLower(digest.AsSpan(0, 16))}";
    }
}
