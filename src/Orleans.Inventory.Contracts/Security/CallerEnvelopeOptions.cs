namespace Orleans.Inventory.Security;

/// <summary>
/// The key that signs and verifies <see cref="CallerEnvelope"/>s (<c>Inventory:CallerEnvelope</c>), the same on the
/// API tier, every silo and every trusted client tier; validated at start (<see cref="CallerEnvelopeServiceCollectionExtensions.AddCallerEnvelopes"/>).
/// </summary>
public sealed class CallerEnvelopeOptions
{
    public const string SectionName = "Inventory:CallerEnvelope";

    /// <summary>The shortest key accepted, in characters (HMAC-SHA256 over its UTF-8 bytes: 32 bytes at least).</summary>
    public const int MinKeyLength = 32;

    /// <summary>
    /// Signs every envelope and verifies them. The embedded and local profiles commit a key named
    /// <c>DEVELOPMENT-ONLY-...</c>; a deployment sets its own (the Azure profile leaves it empty, so a silo without one
    /// does not start): from an environment variable or a Key Vault configuration provider, never committed.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Keys that still verify but no longer sign, while a rotation reaches every tier.</summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    /// <summary>How long an envelope the API or a trusted client signs is valid (one request's calls, plus retries).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest validity a silo accepts (expiry minus issue time), whoever signed it.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Clock difference between tiers tolerated on issue and expiry times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
