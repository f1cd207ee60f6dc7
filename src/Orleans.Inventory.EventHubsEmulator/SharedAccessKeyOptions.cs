namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>A shared access policy: clients sign SAS tokens with <see cref="Key"/> and name it by <see cref="Name"/>.</summary>
public sealed class SharedAccessKeyOptions
{
    /// <summary>The policy name (<c>SharedAccessKeyName</c> in a connection string).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key (<c>SharedAccessKey</c> in a connection string).</summary>
    public string Key { get; set; } = string.Empty;
}
