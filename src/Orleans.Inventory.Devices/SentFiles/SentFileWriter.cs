using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.Inventory.Devices.Simulation;

namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>
/// Writes the sent file: a header line, then one line per event copy and per malformed item of every message once
/// its send is settled (confirmed or finally failed), then a summary line. Safe to call from concurrent senders.
/// </summary>
internal sealed class SentFileWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SentFileWriter(Stream stream)
    {
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public static SentFileWriter Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return new SentFileWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
    }

    public Task WriteHeaderAsync(SentFileHeader header)
    {
        var line = Line(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", SentFileFormat.Header);
            foreach (var property in JsonSerializer.SerializeToElement(header, SentFileFormat.Json).EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
        return WriteLinesAsync([line]);
    }

    public Task WriteMessageAsync(PlannedMessage message, bool confirmed, string? traceId)
    {
        var lines = message.Items.Select(item => Line(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", item.Malformed is null ? SentFileFormat.Event : SentFileFormat.Malformed);
            writer.WriteNumber("message", message.Number);
            writer.WriteString("device_id", message.DeviceId);
            writer.WriteString("warehouse_id", message.WarehouseId);
            writer.WriteBoolean("confirmed", confirmed);
            if (traceId is not null)
            {
                writer.WriteString("trace_id", traceId);
            }

            if (item.Malformed is { } kind)
            {
                writer.WriteString("kind", kind.ToWireName());
                writer.WriteString("body", item.Json);
            }
            else
            {
                writer.WriteBoolean("duplicate", item.Duplicate);
                writer.WriteBoolean("out_of_order", item.OutOfOrder);
                writer.WritePropertyName("event");
                writer.WriteRawValue(item.Json, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }));
        return WriteLinesAsync([.. lines]);
    }

    public Task WriteSummaryAsync(SimulationSummary summary)
    {
        var line = Line(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", SentFileFormat.Summary);
            foreach (var property in JsonSerializer.SerializeToElement(summary, SentFileFormat.Json).EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
        return WriteLinesAsync([line]);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _gate.Dispose();
    }

    private async Task WriteLinesAsync(IReadOnlyList<string> lines)
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var line in lines)
            {
                await _writer.WriteLineAsync(line);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SentFileFormat.Json.Encoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
