using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Inventory.Api;

/// <summary>The API's JSON conventions: snake_case names (the seed's stock record), enums as snake_case strings.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    /// <summary>An enum value's wire name (<c>ReceivedLate</c> → <c>received_late</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
