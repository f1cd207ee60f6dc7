using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON that names every check: <c>{"status":"unhealthy","checks":[{"name":"ledger",
/// "status":"unhealthy","description":"...","error":"...","duration_ms":12}]}</c>. The status code stays the
/// middleware's (200 healthy or degraded, 503 unhealthy).
/// </summary>
public static class HealthReportJson
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Relaxed escaping: the descriptions are read by people (quotes and apostrophes stay as written).
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", Name(entry.Status));
            json.WriteString("description", entry.Description);
            if (entry.Exception is { } exception)
            {
                json.WriteString("error", $"{exception.GetType().Name}: {FirstLine(exception.Message)}");
            }

            json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    // Azure SDK messages run to many lines (headers, request ids); the first says what went wrong.
    private static string FirstLine(string message) =>
        message.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? message[..end] : message;
}
