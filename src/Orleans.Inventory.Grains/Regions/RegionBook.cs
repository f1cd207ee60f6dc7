using System.Globalization;
using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The rules of a region grain over one product at a time, without I/O: newest snapshot per product at warehouse by
/// sequence, newest in-transit quantity per transfer by version, per-product caps, and low-stock hysteresis. The grain
/// hands it a working copy of a product; a refused change throws before touching it, so the copy holds every accepted
/// change of a batch and nothing of a refused one.
/// </summary>
internal sealed class RegionBook(string regionId, RegionOptions options)
{
    /// <summary>Checks what a snapshot says on its own (ids, quantities); a bad one is refused before any batch sees it.</summary>
    public static void Validate(StockSnapshot snapshot)
    {
        CheckId(snapshot.ProductId, "product_id");
        CheckId(snapshot.WarehouseId, "warehouse_id");
        if (snapshot.AvailableQuantity < 0 || snapshot.ReservedQuantity < 0 || snapshot.OnHandQuantity < 0)
        {
            throw new ArgumentException($"Snapshot {snapshot.WarehouseId}/{snapshot.ProductId}#{snapshot.Sequence} has a negative quantity.", nameof(snapshot));
        }
    }

    public static void Validate(TransitSnapshot snapshot)
    {
        CheckId(snapshot.ProductId, "product_id");
        CheckId(snapshot.TransferId, "transfer_id");
        if (snapshot.Quantity < 0)
        {
            throw new ArgumentException($"Transit snapshot {snapshot.TransferId} v{snapshot.Version} has a negative quantity.", nameof(snapshot));
        }
    }

    public static void Validate(string productId, StockThreshold threshold)
    {
        CheckId(productId, "product_id");
        if (threshold.LowStockThreshold < 0 || threshold.RecoveryLevel <= threshold.LowStockThreshold)
        {
            throw new ArgumentException(
                $"recovery_level ({threshold.RecoveryLevel}) must be greater than low_stock_threshold ({threshold.LowStockThreshold}), which must be 0 or more.",
                nameof(threshold));
        }
    }

    /// <summary>
    /// Of two snapshots of one product at warehouse, the one that counts (coalescing): the higher sequence; at the
    /// same sequence a departure (it names another region), as applying both in either order would end.
    /// </summary>
    public StockSnapshot Newer(StockSnapshot a, StockSnapshot b) =>
        a.Sequence != b.Sequence ? (a.Sequence > b.Sequence ? a : b)
        : Departs(b) ? b : a;

    /// <summary>Applies a validated snapshot to the product; false when it is older or repeated.</summary>
    /// <exception cref="RegionRefusedException">A new warehouse past the per-product cap; the product is unchanged.</exception>
    public bool Apply(RegionProduct product, StockSnapshot snapshot)
    {
        // A snapshot naming another region (or none) says the warehouse left this one as of that sequence.
        var departs = Departs(snapshot);
        var known = product.Warehouses.GetValueOrDefault(snapshot.WarehouseId);
        if (known is not null && (departs ? known.Departed || snapshot.Sequence < known.Sequence : snapshot.Sequence <= known.Sequence))
        {
            return false;
        }

        if (known is null && departs && product.Warehouses.Count >= options.MaxWarehousesPerProduct)
        {
            // Remembering that a warehouse never counted here left only guards against its older snapshots arriving
            // later; it is not worth evicting anything or refusing for.
            return false;
        }

        if (known is null)
        {
            MakeRoom(product.Warehouses, options.MaxWarehousesPerProduct, $"warehouses for product {snapshot.ProductId}", nameof(RegionOptions.MaxWarehousesPerProduct));
        }

        product.Warehouses[snapshot.WarehouseId] = departs
            ? new WarehouseEntry(snapshot.Sequence, 0, 0, 0, Departed: true, ++product.Tick)
            : new WarehouseEntry(snapshot.Sequence, snapshot.AvailableQuantity, snapshot.ReservedQuantity, snapshot.OnHandQuantity, Departed: false, ++product.Tick);
        return true;
    }

    /// <summary>Applies a validated transit snapshot; false when it is older or repeated.</summary>
    /// <exception cref="RegionRefusedException">A new transfer past the per-product cap; the product is unchanged.</exception>
    public bool Apply(RegionProduct product, TransitSnapshot snapshot)
    {
        var known = product.Transfers.GetValueOrDefault(snapshot.TransferId);
        if (known is not null && snapshot.Version <= known.Version)
        {
            return false;
        }

        if (known is null && snapshot.Quantity == 0 && product.Transfers.Count >= options.MaxTransfersPerProduct)
        {
            // An arrival never seen in transit only guards against its older snapshot; see the departure case above.
            return false;
        }

        if (known is null)
        {
            MakeRoom(product.Transfers, options.MaxTransfersPerProduct, $"transfers for product {snapshot.ProductId}", nameof(RegionOptions.MaxTransfersPerProduct));
        }

        product.Transfers[snapshot.TransferId] = new TransitEntry(snapshot.Version, snapshot.Quantity, ++product.Tick);
        return true;
    }

    /// <summary>Sets a validated threshold; false when it is the one the product has.</summary>
    public static bool SetThreshold(RegionProduct product, StockThreshold threshold)
    {
        if (product.Threshold == threshold)
        {
            return false;
        }

        product.Threshold = threshold;
        product.Tick++;
        return true;
    }

    public RegionStock View(string productId, RegionProduct? product)
    {
        var warehouses = product?.Warehouses
            .Where(w => !w.Value.Departed)
            .OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => new WarehouseStock(w.Key, w.Value.AvailableQuantity, w.Value.ReservedQuantity, w.Value.OnHandQuantity, w.Value.Sequence))
            .ToList() ?? [];
        return new RegionStock(regionId, productId,
            warehouses.Sum(w => w.AvailableQuantity), warehouses.Sum(w => w.ReservedQuantity), warehouses.Sum(w => w.OnHandQuantity),
            product?.Transfers.Values.Sum(entry => entry.Quantity) ?? 0, warehouses,
            product?.Threshold ?? options.DefaultThreshold, product?.Low ?? false);
    }

    /// <summary>
    /// Hysteresis: low when available falls to or below the threshold, normal again only at or above the recovery
    /// level; in between nothing changes, so oscillating there never flaps. Answers the notification of a crossing,
    /// which the grain commits in the same transaction as the product (its outbox row), so each is published once.
    /// </summary>
    public Notification? Evaluate(string productId, RegionProduct product, DateTimeOffset now, string? warehouseId, string? traceParent)
    {
        // A product is judged once its stock was heard of; a threshold alone does not make it low.
        if (product.Warehouses.Count == 0)
        {
            return null;
        }

        var threshold = product.Threshold ?? options.DefaultThreshold;
        var available = product.Available;
        if (!product.Low && available <= threshold.LowStockThreshold)
        {
            product.Low = true;
            product.Crossings++;
            product.ActiveAlert = Notify(NotificationType.LowStock, "low_stock", productId, product.Crossings, now, warehouseId, available,
                threshold.LowStockThreshold, $"at or below the low-stock threshold {threshold.LowStockThreshold}", traceParent);
            return product.ActiveAlert;
        }

        if (product.Low && available >= threshold.RecoveryLevel)
        {
            product.Low = false;
            product.Crossings++;
            product.ActiveAlert = null;
            return Notify(NotificationType.StockRecovered, "stock_recovered", productId, product.Crossings, now, warehouseId, available,
                threshold.RecoveryLevel, $"back at or above the recovery level {threshold.RecoveryLevel}", traceParent);
        }

        return null;
    }

    private bool Departs(StockSnapshot snapshot) => !string.Equals(snapshot.RegionId, regionId, StringComparison.Ordinal);

    /// <summary>
    /// Eviction rule: when a product's collection is full, the finished entry (a departed warehouse, an arrived
    /// transfer) changed longest ago is forgotten. When every entry is live, the change is refused with an error.
    /// </summary>
    private void MakeRoom<TEntry>(Dictionary<string, TEntry> entries, int capacity, string what, string option)
        where TEntry : IRegionEntry
    {
        if (entries.Count < capacity)
        {
            return;
        }

        var oldest = entries.Where(entry => entry.Value.Finished).OrderBy(entry => entry.Value.Tick).Select(entry => entry.Key).FirstOrDefault()
            ?? throw new RegionRefusedException(
                $"Region {regionId} holds {capacity} {what}, its limit ({RegionOptions.SectionName}:{option}); the change was refused.", "cap");
        entries.Remove(oldest);
    }

    private Notification Notify(NotificationType type, string name, string productId, long crossing, DateTimeOffset now, string? warehouseId,
        long available, long threshold, string what, string? traceParent) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name}:{regionId}:{productId}:{crossing}"), type, now, regionId, warehouseId,
            productId, null, available, threshold,
            string.Create(CultureInfo.InvariantCulture, $"{productId} in {regionId}: {available} available, {what}."), traceParent);

    private static void CheckId(string value, string name)
    {
        if (!IdRules.IsValid(value))
        {
            throw new ArgumentException($"{name}: '{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}.", name);
        }
    }
}
