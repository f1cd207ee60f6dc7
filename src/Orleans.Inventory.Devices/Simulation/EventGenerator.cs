using System.Globalization;
using System.Text.Json;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>
/// Plans the run's messages, deterministically for a seed, run id and start time: the same inputs give the same
/// messages, byte for byte. Event n is stamped start + n × step; a back-dated event goes up to 30 s before the newest
/// one already sent for its product at its warehouse.
/// </summary>
internal sealed class EventGenerator
{
    /// <summary>How many earlier events per warehouse a duplicate may copy.</summary>
    private const int DuplicatePool = 256;

    private readonly SimulationOptions _options;
    private readonly DateTimeOffset _startTime;
    private readonly TimeSpan _step;
    private readonly Random _random;
    private readonly ZipfDistribution _products;
    private readonly Dictionary<string, List<PlannedItem>> _recentByWarehouse = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Warehouse, int Product), (long OnHand, DateTimeOffset Newest)> _keys = [];
    private long _nextEvent;
    private long _nextMalformed;
    private long _nextMessage;

    public EventGenerator(SimulationOptions options, DateTimeOffset startTime)
    {
        _options = options;
        _startTime = startTime;
        _step = StepFor(options);
        _random = new Random(options.Seed);
        _products = new ZipfDistribution(options.Products, options.Skew);
    }

    /// <summary>Event copies planned so far (new events and duplicates).</summary>
    public long EventCopies => NewEvents + Duplicates;

    public long NewEvents => _nextEvent;

    public long Duplicates { get; private set; }

    public long OutOfOrder { get; private set; }

    public long MalformedItems => _nextMalformed;

    public long Messages => _nextMessage;

    /// <summary>
    /// Time between consecutive events: 1/rate when paced (event time then follows the clock, start-time behind);
    /// unpaced, 1 ms, squeezed so the whole run fits between the start time and now.
    /// </summary>
    public static TimeSpan StepFor(SimulationOptions options) => options.Rate is { } rate
        ? TimeSpan.FromSeconds(1 / rate)
        : TimeSpan.FromTicks(Math.Clamp(DefaultLead.Ticks / Math.Max(1, options.TargetEvents), 1, TimeSpan.TicksPerMillisecond));

    /// <summary>How far before now a run starts by default, so that every timestamp lies in the recent past.</summary>
    public static TimeSpan DefaultLead { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The next message, holding at most <paramref name="maxEvents"/> event copies (at least one).</summary>
    public PlannedMessage Next(long maxEvents = long.MaxValue)
    {
        var number = _nextMessage++;
        var deviceIndex = _random.Next(_options.Devices);
        var deviceId = string.Create(CultureInfo.InvariantCulture, $"rfid-{deviceIndex + 1}");
        var warehouse = _options.Warehouses[deviceIndex % _options.Warehouses.Count];
        var malformed = _random.NextDouble() < _options.MalformedRate;
        var size = (int)Math.Min(_random.Next(1, _options.BatchSize + 1), Math.Max(1, maxEvents));

        // A reader that cannot frame its message sends garbage; one that misreads a tag sends one bad element.
        if (malformed && (_options.BatchSize == 1 || _random.Next(2) == 0))
        {
            var garbage = string.Create(CultureInfo.InvariantCulture, $"RFID-FRAME {_options.RunId}-m{_nextMalformed++} {{bad");
            return new PlannedMessage(number, deviceId, warehouse, [new PlannedItem(garbage, null, false, false, MalformedKind.NotJson)]);
        }

        var invalidAt = malformed ? _random.Next(size + 1) : -1;
        var items = new List<PlannedItem>(size + 1);
        for (var i = 0; i < size; i++)
        {
            if (i == invalidAt)
            {
                items.Add(Malformed(deviceId, warehouse));
            }

            items.Add(NextEvent(deviceId, warehouse));
        }

        if (invalidAt == size)
        {
            items.Add(Malformed(deviceId, warehouse));
        }

        return new PlannedMessage(number, deviceId, warehouse, items);
    }

    private PlannedItem NextEvent(string deviceId, string warehouse)
    {
        var recent = Recent(warehouse);
        if (recent.Count > 0 && _random.NextDouble() < _options.DuplicateRate)
        {
            var original = recent[_random.Next(recent.Count)];
            Duplicates++;
            return original with { Duplicate = true, OutOfOrder = false };
        }

        var n = _nextEvent++;
        var product = _products.Sample(_random);
        var key = (warehouse, product);
        var (onHand, newest) = _keys.TryGetValue(key, out var state) ? state : (0L, DateTimeOffset.MinValue);
        var timestamp = _startTime + (_step * n);
        var outOfOrder = newest != DateTimeOffset.MinValue && _random.NextDouble() < _options.OutOfOrderRate;
        if (outOfOrder)
        {
            timestamp = newest - TimeSpan.FromMilliseconds(_random.Next(1, 30_000));
            OutOfOrder++;
        }

        var (type, quantity) = ChooseChange(onHand);
        onHand = type == InventoryEventType.StockCounted ? quantity : onHand + (type.DeltaSign() * quantity);
        _keys[key] = (onHand, timestamp > newest ? timestamp : newest);

        var inventoryEvent = new InventoryEvent(
            string.Create(CultureInfo.InvariantCulture, $"{_options.RunId}-{n}"), type, ProductId(product), warehouse, quantity, timestamp, deviceId);
        var item = new PlannedItem(InventoryEventJson.Serialize(inventoryEvent), inventoryEvent.EventId, false, outOfOrder, null);
        if (recent.Count < DuplicatePool)
        {
            recent.Add(item);
        }
        else
        {
            recent[_random.Next(DuplicatePool)] = item;
        }

        return item;
    }

    // More in than out keeps stock mostly positive; a removal now and then exceeds what is there (a discrepancy).
    private (InventoryEventType Type, long Quantity) ChooseChange(long onHand)
    {
        var roll = _random.NextDouble();
        if (roll < _options.CountRate)
        {
            return (InventoryEventType.StockCounted, Math.Max(0, onHand + _random.Next(-2, 3)));
        }

        if (roll < _options.CountRate + 0.4 && (onHand > 0 || _random.Next(50) == 0))
        {
            var most = Math.Max(1, Math.Min(onHand, 10));
            var quantity = _random.Next(50) == 0 ? most + _random.Next(1, 5) : _random.NextInt64(1, most + 1);
            return (InventoryEventType.ItemRemoved, quantity);
        }

        return (InventoryEventType.ItemAdded, _random.Next(1, 21));
    }

    private PlannedItem Malformed(string deviceId, string warehouse)
    {
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{_options.RunId}-m{_nextMalformed++}");
        var kind = _random.Next(2) == 0 ? MalformedKind.MissingProductId : MalformedKind.NegativeQuantity;
        var timestamp = _startTime + (_step * _nextEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", eventId);
            writer.WriteString("event", kind == MalformedKind.NegativeQuantity ? "item_removed" : "item_added");
            if (kind != MalformedKind.MissingProductId)
            {
                writer.WriteString("product_id", ProductId(_products.Sample(_random)));
            }

            writer.WriteString("location", warehouse);
            writer.WriteNumber("quantity", kind == MalformedKind.NegativeQuantity ? -_random.Next(1, 6) : _random.Next(1, 21));
            writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("device_id", deviceId);
            writer.WriteEndObject();
        }

        return new PlannedItem(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), eventId, false, false, kind);
    }

    private List<PlannedItem> Recent(string warehouse)
    {
        if (!_recentByWarehouse.TryGetValue(warehouse, out var recent))
        {
            recent = [];
            _recentByWarehouse[warehouse] = recent;
        }

        return recent;
    }

    private static string ProductId(int rank) => string.Create(CultureInfo.InvariantCulture, $"SKU{rank + 1:D5}");
}
