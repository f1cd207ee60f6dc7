namespace Orleans.Inventory.EventHubsEmulator.Security;

/// <summary>
/// Entity paths compared without scheme, host and port: clients name the same hub as "sb://host/hub",
/// "amqps://host:5672/hub" or just "hub", depending on the SDK.
/// </summary>
internal static class EntityPath
{
    public static string Normalize(string address)
    {
        var path = address.Trim();
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? string.Empty : path[slash..];
        }

        return path.Trim('/').ToLowerInvariant();
    }

    /// <summary>True when a claim on <paramref name="granted"/> covers <paramref name="requested"/> (same or a sub-path).</summary>
    public static bool Covers(string granted, string requested) =>
        granted.Length == 0
        || requested.Equals(granted, StringComparison.Ordinal)
        || (requested.StartsWith(granted, StringComparison.Ordinal) && requested[granted.Length] == '/');
}
