using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>Names shared by the writer and reader of the sent file (JSON lines, snake_case).</summary>
internal static class SentFileFormat
{
    public const string Header = "header";
    public const string Event = "event";
    public const string Malformed = "malformed";
    public const string Summary = "summary";

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,

        // The file is for people too: keep quotes and '+' readable. It is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
