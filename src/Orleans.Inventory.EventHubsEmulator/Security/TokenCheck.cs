namespace Orleans.Inventory.EventHubsEmulator.Security;

/// <summary>The outcome of a token check: the entity path it grants until when, or why it is refused.</summary>
internal sealed record TokenCheck(bool IsAccepted, string ResourcePath, DateTimeOffset ExpiresAt, string? Reason)
{
    public static TokenCheck Accepted(string resourcePath, DateTimeOffset expiresAt) => new(true, resourcePath, expiresAt, null);

    public static TokenCheck Refused(string reason) => new(false, string.Empty, default, reason);
}
