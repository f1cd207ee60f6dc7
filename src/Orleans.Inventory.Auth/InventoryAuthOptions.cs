namespace Orleans.Inventory.Auth;

/// <summary>
/// How the HTTP API validates bearer tokens. Bound from <c>Inventory:Auth</c>. Either <see cref="Authority"/> (an OIDC
/// issuer whose signing keys are fetched from its metadata: the Azure profile) or <see cref="DevelopmentSigningKey"/>
/// (a symmetric key from configuration: the embedded and local profiles) must be set.
/// </summary>
public sealed class InventoryAuthOptions
{
    public const string SectionName = "Inventory:Auth";

    /// <summary>The shortest development key accepted: HMAC-SHA256 wants at least 256 bits.</summary>
    public const int MinDevelopmentKeyLength = 32;

    /// <summary>
    /// A symmetric key (text, at least 32 characters) that signs and checks development tokens. Never set it in a
    /// production profile: anyone who reads it can mint an admin token.
    /// </summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>The OIDC authority (e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>); wins over the development key.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>iss</c> development tokens carry and the API requires (with an authority, its metadata's issuer is used).</summary>
    public string Issuer { get; set; } = "orleans-inventory-dev";

    /// <summary>The <c>aud</c> the API requires.</summary>
    public string Audience { get; set; } = "orleans-inventory-api";

    /// <summary>How long a development token minted without an explicit lifetime stays valid.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Print a development admin token when the host starts (only ever with <see cref="DevelopmentSigningKey"/> in use).</summary>
    public bool PrintDevelopmentToken { get; set; } = true;

    /// <summary>True when tokens are checked against the development key (no authority configured).</summary>
    public bool UsesDevelopmentKey => string.IsNullOrEmpty(Authority) && !string.IsNullOrEmpty(DevelopmentSigningKey);
}
