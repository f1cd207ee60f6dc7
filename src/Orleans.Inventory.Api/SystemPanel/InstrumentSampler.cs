using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>
/// Listens, in this process, to every instrument of the <c>Orleans.Inventory</c> meter (the grains', the stream
/// consumer's and the API's, whoever adds them) and keeps just enough to answer the dashboard's system panel: counter
/// totals and their rate over the last seconds, histogram percentiles over the newest samples, gauges' last values.
/// It is this process's view; Prometheus (<c>/metrics</c>) scraping every silo is the cluster's. Bounded: at most
/// <see cref="MaxSeriesPerInstrument"/> tag sets per instrument (more are counted, not kept) and
/// <see cref="HistogramSamples"/> samples per histogram series.
/// </summary>
public sealed class InstrumentSampler : IHostedService, IDisposable
{
    public const int MaxSeriesPerInstrument = 200;

    public const int HistogramSamples = 2048;

    /// <summary>Seconds of per-second counter buckets kept; rates are over <see cref="RateWindowSeconds"/>.</summary>
    private const int BucketSeconds = 64;

    private const int RateWindowSeconds = 10;

    private static readonly TimeSpan HistogramWindow = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Instrument, Tracked> _instruments = new();
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _clock;

    public InstrumentSampler(TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InventoryTelemetry.Name)
            {
                _instruments.TryAdd(instrument, new Tracked(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out Tracked? _);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    /// <summary>Every instrument seen, with its series now; observable instruments are read first.</summary>
    public IReadOnlyList<InstrumentReading> Read()
    {
        var now = _clock.GetUtcNow();
        lock (_listener)
        {
            // Observable instruments report only when asked; one reader at a time keeps their "last value" coherent.
            foreach (var tracked in _instruments.Values.Where(t => t.IsObservable))
            {
                tracked.ClearGauges();
            }

            _listener.RecordObservableInstruments();
        }

        // Instances of one meter name from several meter factories (hosts in one process) merge by instrument name.
        return [.. _instruments.Values
            .GroupBy(t => t.Instrument.Name)
            .Select(group => group.First().ReadMerged(group.Skip(1), now))
            .OrderBy(reading => reading.Name, StringComparer.Ordinal)];
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var tracked))
        {
            tracked.Record(value, tags, _clock.GetUtcNow());
        }
    }

    private sealed class Tracked(Instrument instrument)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private long _overflow;

        public Instrument Instrument { get; } = instrument;

        public bool IsObservable => Instrument.IsObservable;

        // Once per instrument: every measurement of the process's hot paths comes through Record.
        private string Kind { get; } = KindOf(instrument);

        private static string KindOf(Instrument instrument) => instrument.GetType().Name switch
        {
            var name when name.StartsWith("Histogram", StringComparison.Ordinal) => "histogram",
            var name when name.StartsWith("ObservableGauge", StringComparison.Ordinal)
                || name.StartsWith("Gauge", StringComparison.Ordinal) => "gauge",
            var name when name.Contains("UpDownCounter", StringComparison.Ordinal) => "updown_counter",
            _ => "counter",
        };

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, DateTimeOffset now)
        {
            var key = TagKey(tags);
            if (!_series.TryGetValue(key, out var series))
            {
                if (_series.Count >= MaxSeriesPerInstrument)
                {
                    Interlocked.Increment(ref _overflow);
                    return;
                }

                var created = new Series(TagDictionary(tags));
                series = _series.GetOrAdd(key, created);
            }

            series.Record(Kind, IsObservable, value, now);
        }

        public void ClearGauges()
        {
            foreach (var series in _series.Values)
            {
                series.ClearGauge();
            }
        }

        public InstrumentReading ReadMerged(IEnumerable<Tracked> others, DateTimeOffset now)
        {
            var series = _series.Values.Concat(others.SelectMany(o => o._series.Values))
                .Select(s => s.Read(Kind, IsObservable, now))
                .Where(s => s is not null)
                .Select(s => s!)
                .ToList();
            return new InstrumentReading(Instrument.Name, Instrument.Unit, Kind, Instrument.Description, series, Interlocked.Read(ref _overflow));
        }

        private static string TagKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }

            if (tags.Length == 1)
            {
                return string.Concat(tags[0].Key, "=", tags[0].Value?.ToString());
            }

            var parts = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                parts[i] = $"{tags[i].Key}={tags[i].Value}";
            }

            Array.Sort(parts, StringComparer.Ordinal);
            return string.Join(',', parts);
        }

        private static Dictionary<string, string?> TagDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                result[tag.Key] = tag.Value?.ToString();
            }

            return result;
        }
    }

    private sealed class Series(Dictionary<string, string?> tags)
    {
        private readonly long[] _bucketSecond = new long[BucketSeconds];
        private readonly double[] _bucketSum = new double[BucketSeconds];
        private readonly (DateTimeOffset At, double Value)[] _samples = new (DateTimeOffset, double)[HistogramSamples];
        private long _sampleCount;
        private double _total;
        private double? _gauge;

        public void Record(string kind, bool observable, double value, DateTimeOffset now)
        {
            lock (this)
            {
                if (observable)
                {
                    // Observable counters report their running total; gauges their value. Either way: the newest.
                    _gauge = (_gauge ?? 0) + value;
                    return;
                }

                if (kind == "histogram")
                {
                    _samples[_sampleCount % HistogramSamples] = (now, value);
                    _sampleCount++;
                    return;
                }

                _total += value;
                var second = now.ToUnixTimeSeconds();
                var slot = (int)(second % BucketSeconds);
                if (_bucketSecond[slot] != second)
                {
                    _bucketSecond[slot] = second;
                    _bucketSum[slot] = 0;
                }

                _bucketSum[slot] += value;
            }
        }

        public void ClearGauge()
        {
            lock (this)
            {
                _gauge = null;
            }
        }

        public SeriesReading? Read(string kind, bool observable, DateTimeOffset now)
        {
            lock (this)
            {
                if (observable)
                {
                    return _gauge is { } value ? new SeriesReading(tags, value, null, null, null, null, null) : null;
                }

                if (kind == "histogram")
                {
                    var kept = (int)Math.Min(_sampleCount, HistogramSamples);
                    var recent = _samples.Take(kept).Where(s => now - s.At <= HistogramWindow).Select(s => s.Value).Order().ToArray();
                    return new SeriesReading(tags, null, null, _sampleCount, recent.Length,
                        Percentile(recent, 0.50), Percentile(recent, 0.99));
                }

                // The current second is still filling: the rate is over the whole seconds before it.
                var current = now.ToUnixTimeSeconds();
                var sum = 0.0;
                for (var i = 0; i < BucketSeconds; i++)
                {
                    if (_bucketSecond[i] < current && _bucketSecond[i] >= current - RateWindowSeconds)
                    {
                        sum += _bucketSum[i];
                    }
                }

                return new SeriesReading(tags, _total, sum / RateWindowSeconds, null, null, null, null);
            }
        }

        private static double? Percentile(double[] sorted, double quantile) =>
            sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
