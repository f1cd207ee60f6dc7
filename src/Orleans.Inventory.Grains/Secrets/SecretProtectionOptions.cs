namespace Orleans.Inventory.Grains.Secrets;

/// <summary>
/// Where the silo's Data Protection key ring lives (it protects webhook secrets at rest). Bound from
/// <c>Inventory:DataProtection</c>, validated at start. Every silo of a cluster must use the same key ring and the same
/// <see cref="ApplicationName"/>, or a secret protected on one silo cannot be read on another.
/// </summary>
public sealed class SecretProtectionOptions
{
    public const string SectionName = "Inventory:DataProtection";

    /// <summary>Data Protection's application discriminator (<c>SetApplicationName</c>); the same on every silo.</summary>
    public string ApplicationName { get; set; } = "Orleans.Inventory";

    /// <summary>
    /// <c>Memory</c> (default; embedded profile and tests: the keys live and die with the process, as the in-memory
    /// grain state does) or <c>FileSystem</c> (the local durable profile: a folder every silo on the machine shares).
    /// </summary>
    public string KeyStore { get; set; } = "Memory";

    /// <summary>The key ring's folder with <c>FileSystem</c>; a relative path is taken from the working directory.</summary>
    public string? KeyDirectory { get; set; }
}
