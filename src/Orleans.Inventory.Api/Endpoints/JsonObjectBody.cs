using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>A small JSON object request body (a PUT's), read whatever Content-Type says, with field readers whose
/// errors are 400 problems naming the field.</summary>
internal sealed class JsonObjectBody : IDisposable
{
    /// <summary>The largest body read; a larger one is answered 413.</summary>
    public const int MaxBytes = 16 * 1024;

    private readonly JsonDocument _document;

    private JsonObjectBody(JsonDocument document) => _document = document;

    public static async Task<(JsonObjectBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge($"The body is larger than {MaxBytes} bytes."));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest("Body is not valid JSON", $"The body is not valid JSON: {exception.Message}"));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, Problems.BadRequest("Body is not an object", "The body must be one JSON object."));
        }

        return (new JsonObjectBody(document), null);
    }

    /// <summary>A required id (<see cref="IdRules"/>).</summary>
    public IResult? ReadId(string field, out string value)
    {
        value = "";
        if (!_document.RootElement.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Invalid(field, "is required");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Invalid(field, $"must be a string, not {Kind(element)}");
        }

        value = element.GetString()!;
        return IdRules.IsValid(value) ? null : Invalid(field, $"'{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");
    }

    /// <summary>An optional string of at most <paramref name="maxLength"/> characters; null when absent.</summary>
    public IResult? ReadOptionalText(string field, int maxLength, out string? value)
    {
        value = null;
        if (!_document.RootElement.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Invalid(field, $"must be a string, not {Kind(element)}");
        }

        value = element.GetString()!;
        return value.Length <= maxLength ? null : Invalid(field, $"must be at most {maxLength} characters");
    }

    /// <summary>A required whole number, at least <paramref name="minimum"/>.</summary>
    public IResult? ReadWholeNumber(string field, long minimum, out long value)
    {
        value = 0;
        if (!_document.RootElement.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Invalid(field, "is required");
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out value))
        {
            return Invalid(field, $"must be a whole number, not {(element.ValueKind == JsonValueKind.Number ? element.GetRawText() : Kind(element))}");
        }

        return value >= minimum ? null : Invalid(field, $"must be at least {minimum}, not {value}");
    }

    public void Dispose() => _document.Dispose();

    /// <summary>A 400 naming a body field that is out of form.</summary>
    public static IResult Invalid(string field, string message) =>
        Results.Problem(title: "Invalid field", detail: $"{field}: {message}", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
