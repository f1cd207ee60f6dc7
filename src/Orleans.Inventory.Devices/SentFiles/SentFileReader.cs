using System.Text.Json;
using Orleans.Inventory.Devices.Simulation;

namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>Reads a sent file back; a line it cannot read is an error naming the line number.</summary>
internal static class SentFileReader
{
    public static async Task<SentRun> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        return await ReadAsync(reader, cancellationToken);
    }

    public static async Task<SentRun> ReadAsync(TextReader reader, CancellationToken cancellationToken = default)
    {
        SentFileHeader? header = null;
        var events = new List<SentEvent>();
        var malformed = new List<SentMalformed>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case SentFileFormat.Header:
                        header = root.Deserialize<SentFileHeader>(SentFileFormat.Json);
                        break;
                    case SentFileFormat.Event:
                        events.Add(new SentEvent(
                            root.GetProperty("message").GetInt64(), String(root, "device_id"), String(root, "warehouse_id"),
                            root.GetProperty("duplicate").GetBoolean(), root.GetProperty("out_of_order").GetBoolean(),
                            root.GetProperty("confirmed").GetBoolean(), OptionalString(root, "trace_id"),
                            root.GetProperty("event").GetRawText()));
                        break;
                    case SentFileFormat.Malformed:
                        malformed.Add(new SentMalformed(
                            root.GetProperty("message").GetInt64(), String(root, "device_id"), String(root, "warehouse_id"),
                            MalformedKinds.Parse(String(root, "kind")), root.GetProperty("confirmed").GetBoolean(), OptionalString(root, "trace_id"),
                            String(root, "body")));
                        break;
                    default:
                        break;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"sent file line {lineNumber}: {e.Message}", e);
            }
        }

        return new SentRun(header ?? throw new InvalidDataException("sent file has no header line"), events, malformed);
    }

    private static string String(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidDataException($"'{name}' is null");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
