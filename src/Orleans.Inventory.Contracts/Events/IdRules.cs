namespace Orleans.Inventory.Events;

/// <summary>What an id (product, warehouse, event, device) may look like.</summary>
/// <remarks>
/// Ids become parts of grain keys and of Azure Table partition and row keys, where '/', '\', '#', '?' and control
/// characters are forbidden or ambiguous. Rather than escape, we accept a conservative alphabet and say so.
/// </remarks>
public static class IdRules
{
    public const int MaxLength = 128;

    public const string Alphabet = "letters, digits and _ - . : @";

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(IsAllowed);

    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@';
}
