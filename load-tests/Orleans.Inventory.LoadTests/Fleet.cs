using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// A realistic fleet: <see cref="Devices"/> devices, each at one warehouse (device d at warehouse d mod W), sending
/// messages of several <c>item_added</c> events (quantity 1) for products at their warehouse, chosen by Zipf popularity
/// (the device simulator's <see cref="ZipfDistribution"/>). Keys are fresh per fleet (<c>{prefix}-p{n}</c>), so a
/// key's <c>version</c> is exactly the number of its events applied; <see cref="Sent"/> counts what was sent to each.
/// Messages are derived from their number alone, so a run is reproducible.
/// </summary>
internal sealed class Fleet
{
    private readonly ZipfDistribution _popularity;
    private readonly int _seed;
    private long _messages;
    private long _sentTotal;

    public Fleet(string prefix, IReadOnlyList<string> warehouses, int keys, int devices, double skew, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warehouses.Count, 1);
        Prefix = prefix;
        Warehouses = warehouses;
        ProductsPerWarehouse = Math.Max(1, (keys + warehouses.Count - 1) / warehouses.Count);
        Devices = devices;
        _popularity = new ZipfDistribution(ProductsPerWarehouse, skew);
        _seed = seed;
        Sent = new long[KeyCount];
    }

    public string Prefix { get; }

    public IReadOnlyList<string> Warehouses { get; }

    public int ProductsPerWarehouse { get; }

    public int Devices { get; }

    public int KeyCount => Warehouses.Count * ProductsPerWarehouse;

    /// <summary>Events sent per key (counted once the send succeeded).</summary>
    public long[] Sent { get; }

    public long SentTotal => Interlocked.Read(ref _sentTotal);

    public long MessagesSent => Interlocked.Read(ref _messages);

    public (string Warehouse, string Product) Key(int k) => (Warehouses[k / ProductsPerWarehouse], $"{Prefix}-p{k % ProductsPerWarehouse}");

    public string DeviceId(int device) => $"{Prefix}-d{device}";

    public string WarehouseOf(int device) => Warehouses[device % Warehouses.Count];

    /// <summary>A key by popularity, for readers (GET stock) that should hit what the devices hit.</summary>
    public int PopularKey(Random random) => (random.Next(Warehouses.Count) * ProductsPerWarehouse) + _popularity.Sample(random);

    /// <summary>Message <paramref name="number"/> of the fleet: sent by device number mod <see cref="Devices"/>.</summary>
    public FleetMessage Message(long number, int size)
    {
        int device = (int)(number % Devices);
        int w = device % Warehouses.Count;
        var random = new Random(HashCode.Combine(_seed, number));
        var timestamp = DateTimeOffset.UtcNow;
        var events = new InventoryEvent[size];
        var keys = new int[size];
        for (int j = 0; j < size; j++)
        {
            keys[j] = (w * ProductsPerWarehouse) + _popularity.Sample(random);
            events[j] = new InventoryEvent(
                $"{Prefix}-m{number}-{j}", InventoryEventType.ItemAdded, Key(keys[j]).Product, Warehouses[w], 1, timestamp, DeviceId: DeviceId(device));
        }

        return new FleetMessage(Warehouses[w], DeviceId(device), events, keys);
    }

    /// <summary>Counts a message as sent: only after its send succeeded (a failed send leaves the counts alone).</summary>
    public void RecordSent(FleetMessage message)
    {
        foreach (int k in message.Keys)
        {
            Interlocked.Increment(ref Sent[k]);
        }

        Interlocked.Add(ref _sentTotal, message.Keys.Length);
        Interlocked.Increment(ref _messages);
    }
}
