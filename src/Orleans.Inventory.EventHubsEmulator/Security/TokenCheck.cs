namespace Orleans.Inventory.EventHubsEmulator.Security;

/// <summary>
/// The outcome of a token check: the entity path it grants until when, with the rights of the key that signed it,
/// or why it is refused.
/// </summary>
internal sealed record TokenCheck(bool IsAccepted, string ResourcePath, DateTimeOffset ExpiresAt, SharedAccessKeyOptions? Key, string? Reason)
{
    public static TokenCheck Accepted(string resourcePath, DateTimeOffset expiresAt, SharedAccessKeyOptions key) => new(true, resourcePath, expiresAt, key, null);

    public static TokenCheck Refused(string reason) => new(false, string.Empty, default, null, reason);

    /// <summary>True when the token was accepted, covers <paramref name="entityPath"/> and its key has <paramref name="right"/>.</summary>
    public bool Grants(string entityPath, SharedAccessRight right) =>
        IsAccepted && Key!.Allows(right) && EntityPath.Covers(ResourcePath, entityPath);
}
