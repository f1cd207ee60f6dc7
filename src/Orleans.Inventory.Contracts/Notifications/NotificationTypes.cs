using System.Collections.Frozen;
using System.Text.Json;

namespace Orleans.Inventory.Notifications;

/// <summary>Wire names of <see cref="NotificationType"/>: <c>low_stock</c>, <c>stock_recovered</c>, ... (snake_case, as the API writes them).</summary>
public static class NotificationTypes
{
    private static readonly FrozenDictionary<string, NotificationType> ByWireName = Enum.GetValues<NotificationType>()
        .ToFrozenDictionary(type => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString()), StringComparer.Ordinal);

    private static readonly FrozenDictionary<NotificationType, string> ByType =
        ByWireName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>Every wire name, in enum order (for messages that list what is allowed).</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. Enum.GetValues<NotificationType>().Select(ToWireName)];

    public static string ToWireName(this NotificationType type) =>
        ByType.TryGetValue(type, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(type), type, null);

    public static bool TryParse(string wireName, out NotificationType type) => ByWireName.TryGetValue(wireName, out type);
}
