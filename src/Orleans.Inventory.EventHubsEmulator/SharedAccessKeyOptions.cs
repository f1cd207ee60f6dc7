namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>A shared access policy: clients sign SAS tokens with <see cref="Key"/> and name it by <see cref="Name"/>.</summary>
public sealed class SharedAccessKeyOptions
{
    /// <summary>The policy name (<c>SharedAccessKeyName</c> in a connection string).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key (<c>SharedAccessKey</c> in a connection string).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>
    /// What tokens signed with this key may do (<c>["Send"]</c>, <c>["Listen"]</c>, <c>["Send", "Listen"]</c>,
    /// <c>["Manage"]</c>); none listed means <see cref="SharedAccessRight.Manage"/>, as the namespace's root policy has.
    /// </summary>
    public List<SharedAccessRight> Rights { get; set; } = [];

    /// <summary>True when tokens of this key may do what <paramref name="right"/> allows.</summary>
    internal bool Allows(SharedAccessRight right) => Allows(Rights, right);

    internal static bool Allows(IReadOnlyCollection<SharedAccessRight> rights, SharedAccessRight right) =>
        rights.Count == 0 || rights.Contains(SharedAccessRight.Manage) || rights.Contains(right);
}
