using System.Diagnostics.Metrics;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// Records the measurements of the named instruments of one silo (those its <see cref="IMeterFactory"/> made: other
/// clusters in the test process publish instruments of the same names), with their tags; observable instruments are
/// read on <see cref="Observe"/>.
/// </summary>
public sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<RecordedMeasurement> _measurements = [];

    public InstrumentRecorder(IMeterFactory silo, params string[] names)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, silo) && names.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments now, then answers everything recorded of <paramref name="name"/>.</summary>
    public IReadOnlyList<RecordedMeasurement> Observe(string name)
    {
        _listener.RecordObservableInstruments();
        return Of(name);
    }

    /// <summary>Everything recorded of <paramref name="name"/> so far.</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string name)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == name)];
        }
    }

    /// <summary>Forgets what was recorded (so an observation afterwards holds only fresh readings).</summary>
    public void Clear()
    {
        lock (_measurements)
        {
            _measurements.Clear();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            tagged[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add(new RecordedMeasurement(instrument.Name, value, tagged));
        }
    }
}

/// <summary>One measurement an <see cref="InstrumentRecorder"/> saw.</summary>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
