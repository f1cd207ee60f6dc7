using System.Globalization;
using System.Net;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Reads the silos' Prometheus text (<c>GET /metrics</c> on each silo's HTTP port) for the storage counters, leniently:
/// any series named <c>inventory_storage_operations*_total</c> or <c>inventory_storage_entities*_total</c>, summed by
/// its <c>kind</c> label over every other label (an <c>otel_scope_*</c> label, say) and every silo. A silo without
/// <c>/metrics</c> (404) makes the whole reading unavailable rather than a failure.
/// </summary>
internal sealed class MetricsScraper(HttpClient http, IReadOnlyList<Uri> silos)
{
    private const string Operations = "inventory_storage_operations";
    private const string Entities = "inventory_storage_entities";

    /// <summary>Per kind: operations and entities; null with a reason when a silo has no metrics endpoint.</summary>
    public async Task<(MetricsReading? Reading, string? Why)> ReadAsync(CancellationToken cancellation)
    {
        var reading = new MetricsReading([], [], []);
        foreach (var silo in silos)
        {
            var uri = new Uri(silo, "metrics");
            string text;
            try
            {
                using var response = await http.GetAsync(uri, cancellation);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (null, $"not available (no /metrics: GET {uri} answered 404)");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (null, $"not available (GET {uri} answered {(int)response.StatusCode})");
                }

                text = await response.Content.ReadAsStringAsync(cancellation);
            }
            catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellation.IsCancellationRequested))
            {
                return (null, $"not available (GET {uri} failed: {error.Message})");
            }

            Parse(text, reading);
        }

        return (reading, null);
    }

    internal static void Parse(string text, MetricsReading reading)
    {
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            int nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            if (nameEnd <= 0)
            {
                continue;
            }

            string name = line[..nameEnd];
            string labels = "";
            string rest = line[nameEnd..];
            if (brace == nameEnd)
            {
                int close = line.LastIndexOf('}');
                if (close < brace)
                {
                    continue;
                }

                labels = line[(brace + 1)..close];
                rest = line[(close + 1)..];
            }

            string[] values = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (values.Length == 0 || !double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                continue;
            }

            Dictionary<string, double>? target =
                name.StartsWith(Operations, StringComparison.Ordinal) && name.EndsWith("_total", StringComparison.Ordinal) ? reading.Operations
                : name.StartsWith(Entities, StringComparison.Ordinal) && name.EndsWith("_total", StringComparison.Ordinal) ? reading.Entities
                : name.Contains("gc_heap_size", StringComparison.Ordinal) && !name.EndsWith("_created", StringComparison.Ordinal) ? reading.GcHeap
                : null;
            if (target is not null)
            {
                string kind = Label(labels, "kind") ?? (target == reading.GcHeap ? Label(labels, "gc_heap_generation") ?? "all" : "unlabelled");
                target[kind] = target.GetValueOrDefault(kind) + value;
            }
        }
    }

    private static string? Label(string labels, string key)
    {
        string marker = key + "=\"";
        int at = 0;
        while ((at = labels.IndexOf(marker, at, StringComparison.Ordinal)) >= 0)
        {
            if (at == 0 || labels[at - 1] is ',' or ' ' or '{')
            {
                int begin = at + marker.Length;
                int end = labels.IndexOf('"', begin);
                return end > begin ? labels[begin..end] : null;
            }

            at += marker.Length;
        }

        return null;
    }
}

/// <summary>Counter totals by kind at one moment (summed over silos), and the GC heap gauges if the silos export them.</summary>
internal sealed record MetricsReading(Dictionary<string, double> Operations, Dictionary<string, double> Entities, Dictionary<string, double> GcHeap)
{
    public StorageOperations Since(MetricsReading before, long events) => new(
        null,
        Delta(Operations, before.Operations),
        Delta(Entities, before.Entities),
        events);

    private static Dictionary<string, double> Delta(Dictionary<string, double> after, Dictionary<string, double> before) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
}
