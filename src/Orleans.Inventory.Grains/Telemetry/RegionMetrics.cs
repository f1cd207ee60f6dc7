using System.Diagnostics.Metrics;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>What region grains do with their bounds, on the <see cref="InventoryTelemetry.Name"/> meter.</summary>
public sealed class RegionMetrics
{
    private readonly Counter<long> _cacheEvictions;
    private readonly Counter<long> _productReads;
    private readonly Counter<long> _refused;
    private readonly Histogram<int> _writeProducts;
    private readonly Histogram<int> _feedSnapshots;

    public RegionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _cacheEvictions = meter.CreateCounter<long>("inventory.region.cache_evictions", "{product}",
            "Products a region grain evicted from memory at Inventory:Regions:CacheCapacity (read again on demand).");
        _productReads = meter.CreateCounter<long>("inventory.region.product_reads", "{product}", "Product rows a region grain read (cache misses).");
        _refused = meter.CreateCounter<long>("inventory.region.refused", "{snapshot}",
            "Snapshots, transits and thresholds a region refused, by reason (invalid, cap, queue_full, outbox_full, storage).");
        _writeProducts = meter.CreateHistogram<int>("inventory.region.write_products", "{product}", "Products one region write changed.");
        _feedSnapshots = meter.CreateHistogram<int>("inventory.region.feed_snapshots", "{snapshot}",
            "Snapshots one call of a silo's region feed carried (the stock records of that silo whose changes waited for it).");
    }

    public void Evicted(int products) => _cacheEvictions.Add(products);

    public void ProductRead() => _productReads.Add(1);

    public void Refused(string reason, int count = 1) => _refused.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Wrote(int products) => _writeProducts.Record(products);

    public void FeedCall(int snapshots) => _feedSnapshots.Record(snapshots);
}
