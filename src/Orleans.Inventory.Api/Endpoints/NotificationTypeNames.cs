using System.Text.Json;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>The wire names of <see cref="NotificationType"/> (<c>low_stock</c>, ...), as ApiJson writes them.</summary>
internal static class NotificationTypeNames
{
    private static readonly Dictionary<string, NotificationType> ByName = Enum.GetValues<NotificationType>()
        .ToDictionary(Name, StringComparer.Ordinal);

    public static string All { get; } = string.Join(", ", ByName.Keys);

    public static string Name(NotificationType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    public static bool TryParse(string text, out NotificationType type) => ByName.TryGetValue(text, out type);
}
