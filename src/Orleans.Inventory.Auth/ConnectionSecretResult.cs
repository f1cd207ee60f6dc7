namespace Orleans.Inventory.Auth;

/// <summary>A resolved connection string and where it came from (for messages, never the value), or why there is none.</summary>
public sealed record ConnectionSecretResult(string? Value, string Source, string? Error)
{
    internal static ConnectionSecretResult Failed(string error) => new(null, string.Empty, error);
}
