using System.Globalization;
using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The rules of a region grain over its state, without I/O: newest snapshot per product at warehouse by sequence,
/// newest in-transit quantity per transfer by version, and low-stock hysteresis. Changes made between
/// <see cref="Begin"/> and a commit can be undone with <see cref="Rollback"/> (a failed write leaves the old state).
/// </summary>
internal sealed class RegionBook(RegionState state, string regionId, RegionOptions options)
{
    private readonly Dictionary<string, RegionProduct?> _undo = new(StringComparer.Ordinal);
    private int _outboxMark;
    private long _tickMark;

    public RegionState State => state;

    public void Begin()
    {
        _undo.Clear();
        _outboxMark = state.Outbox.Count;
        _tickMark = state.Tick;
    }

    public void Rollback()
    {
        foreach (var (productId, before) in _undo)
        {
            if (before is null)
            {
                state.Products.Remove(productId);
            }
            else
            {
                state.Products[productId] = before;
            }
        }

        state.Outbox.RemoveRange(_outboxMark, state.Outbox.Count - _outboxMark);
        state.Tick = _tickMark;
        _undo.Clear();
    }

    /// <summary>Applies the snapshots in order, then evaluates each product they changed; true when anything changed.</summary>
    public bool ApplySnapshots(IReadOnlyList<StockSnapshot> snapshots, DateTimeOffset now)
    {
        // The last accepted snapshot of a product is the cause its crossing (if any) is attributed to.
        var causes = new Dictionary<string, StockSnapshot>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            if (Apply(snapshot))
            {
                causes[snapshot.ProductId] = snapshot;
            }
        }

        foreach (var (productId, cause) in causes)
        {
            Evaluate(productId, state.Products[productId], now, cause.WarehouseId, cause.TraceParent);
        }

        return causes.Count > 0;
    }

    public bool ApplyTransit(IReadOnlyList<TransitSnapshot> snapshots)
    {
        var changed = false;
        foreach (var snapshot in snapshots)
        {
            changed |= Apply(snapshot);
        }

        return changed;
    }

    /// <summary>Sets a product's threshold and re-evaluates it (a new threshold can itself cross); true when it changed.</summary>
    public bool SetThreshold(string productId, StockThreshold threshold, DateTimeOffset now, string? traceParent)
    {
        CheckId(productId, "product_id");
        if (threshold.LowStockThreshold < 0 || threshold.RecoveryLevel <= threshold.LowStockThreshold)
        {
            throw new ArgumentException(
                $"recovery_level ({threshold.RecoveryLevel}) must be greater than low_stock_threshold ({threshold.LowStockThreshold}), which must be 0 or more.",
                nameof(threshold));
        }

        if (state.Products.TryGetValue(productId, out var existing) && existing.Threshold == threshold)
        {
            return false;
        }

        var product = Edit(productId);
        product.Threshold = threshold;
        state.Tick++;
        Evaluate(productId, product, now, null, traceParent);
        return true;
    }

    public RegionStock View(string productId)
    {
        var product = state.Products.GetValueOrDefault(productId);
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

    public IReadOnlyList<Notification> ActiveAlerts() =>
        [.. state.Products.Values
            .Select(product => product.ActiveAlert)
            .OfType<Notification>()
            .OrderByDescending(alert => alert.OccurredAt)
            .ThenBy(alert => alert.Id, StringComparer.Ordinal)];

    private bool Apply(StockSnapshot snapshot)
    {
        CheckId(snapshot.ProductId, "product_id");
        CheckId(snapshot.WarehouseId, "warehouse_id");
        if (snapshot.AvailableQuantity < 0 || snapshot.ReservedQuantity < 0 || snapshot.OnHandQuantity < 0)
        {
            throw new ArgumentException($"Snapshot {snapshot.WarehouseId}/{snapshot.ProductId}#{snapshot.Sequence} has a negative quantity.", nameof(snapshot));
        }

        // A snapshot naming another region (or none) says the warehouse left this one as of that sequence.
        var departs = !string.Equals(snapshot.RegionId, regionId, StringComparison.Ordinal);
        var product = state.Products.GetValueOrDefault(snapshot.ProductId);
        var known = product?.Warehouses.GetValueOrDefault(snapshot.WarehouseId);
        if (known is not null && (departs ? known.Departed || snapshot.Sequence < known.Sequence : snapshot.Sequence <= known.Sequence))
        {
            return false;
        }

        if (known is null && departs && IsFull(product, product?.Warehouses.Count, options.MaxWarehousesPerProduct))
        {
            // Remembering that a warehouse never counted here left only guards against its older snapshots arriving
            // later; it is not worth evicting anything or refusing for.
            return false;
        }

        product = Edit(snapshot.ProductId);
        if (known is null)
        {
            MakeRoom(product.Warehouses, options.MaxWarehousesPerProduct, $"warehouses for product {snapshot.ProductId}", nameof(RegionOptions.MaxWarehousesPerProduct));
        }

        product.Warehouses[snapshot.WarehouseId] = departs
            ? new WarehouseEntry(snapshot.Sequence, 0, 0, 0, Departed: true, ++state.Tick)
            : new WarehouseEntry(snapshot.Sequence, snapshot.AvailableQuantity, snapshot.ReservedQuantity, snapshot.OnHandQuantity, Departed: false, ++state.Tick);
        return true;
    }

    private bool Apply(TransitSnapshot snapshot)
    {
        CheckId(snapshot.ProductId, "product_id");
        CheckId(snapshot.TransferId, "transfer_id");
        if (snapshot.Quantity < 0)
        {
            throw new ArgumentException($"Transit snapshot {snapshot.TransferId} v{snapshot.Version} has a negative quantity.", nameof(snapshot));
        }

        var product = state.Products.GetValueOrDefault(snapshot.ProductId);
        var known = product?.Transfers.GetValueOrDefault(snapshot.TransferId);
        if (known is not null && snapshot.Version <= known.Version)
        {
            return false;
        }

        if (known is null && snapshot.Quantity == 0 && IsFull(product, product?.Transfers.Count, options.MaxTransfersPerProduct))
        {
            // An arrival never seen in transit only guards against its older snapshot; see the departure case above.
            return false;
        }

        product = Edit(snapshot.ProductId);
        if (known is null)
        {
            MakeRoom(product.Transfers, options.MaxTransfersPerProduct, $"transfers for product {snapshot.ProductId}", nameof(RegionOptions.MaxTransfersPerProduct));
        }

        product.Transfers[snapshot.TransferId] = new TransitEntry(snapshot.Version, snapshot.Quantity, ++state.Tick);
        return true;
    }

    private bool IsFull(RegionProduct? product, int? entries, int capacity) =>
        product is null ? state.Products.Count >= options.MaxProducts : entries >= capacity;

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

        var oldest = entries.Where(entry => entry.Value.Finished).OrderBy(entry => entry.Value.Tick).Select(entry => entry.Key).FirstOrDefault();
        if (oldest is null)
        {
            throw Full(what, capacity, option);
        }

        entries.Remove(oldest);
    }

    private InvalidOperationException Full(string what, int capacity, string option) =>
        new($"Region {regionId} holds {capacity} {what}, its limit ({RegionOptions.SectionName}:{option}); the change was refused.");

    /// <summary>The product to change, created if new (capacity is checked by the caller), its old value kept for rollback.</summary>
    private RegionProduct Edit(string productId)
    {
        state.Products.TryGetValue(productId, out var product);
        _undo.TryAdd(productId, product?.Clone());
        if (product is null)
        {
            if (state.Products.Count >= options.MaxProducts)
            {
                throw Full("products", options.MaxProducts, nameof(RegionOptions.MaxProducts));
            }

            product = new RegionProduct();
            state.Products.Add(productId, product);
        }

        return product;
    }

    /// <summary>
    /// Hysteresis: low when available falls to or below the threshold, normal again only at or above the recovery
    /// level; in between nothing changes, so oscillating there never flaps. The crossing and its notification are
    /// recorded in the state the caller is about to write (the outbox), so each crossing is published exactly once.
    /// </summary>
    private void Evaluate(string productId, RegionProduct product, DateTimeOffset now, string? warehouseId, string? traceParent)
    {
        // A product is judged once its stock was heard of; a threshold alone does not make it low.
        if (product.Warehouses.Count == 0)
        {
            return;
        }

        var threshold = product.Threshold ?? options.DefaultThreshold;
        var available = product.Available;
        if (!product.Low && available <= threshold.LowStockThreshold)
        {
            product.Low = true;
            product.Crossings++;
            product.ActiveAlert = Notify(NotificationType.LowStock, "low_stock", productId, product.Crossings, now, warehouseId, available,
                threshold.LowStockThreshold, $"at or below the low-stock threshold {threshold.LowStockThreshold}", traceParent);
        }
        else if (product.Low && available >= threshold.RecoveryLevel)
        {
            product.Low = false;
            product.Crossings++;
            product.ActiveAlert = null;
            Notify(NotificationType.StockRecovered, "stock_recovered", productId, product.Crossings, now, warehouseId, available,
                threshold.RecoveryLevel, $"back at or above the recovery level {threshold.RecoveryLevel}", traceParent);
        }
    }

    private Notification Notify(NotificationType type, string name, string productId, long crossing, DateTimeOffset now, string? warehouseId,
        long available, long threshold, string what, string? traceParent)
    {
        var notification = new Notification(
            string.Create(CultureInfo.InvariantCulture, $"{name}:{regionId}:{productId}:{crossing}"), type, now, regionId, warehouseId,
            productId, null, available, threshold,
            string.Create(CultureInfo.InvariantCulture, $"{productId} in {regionId}: {available} available, {what}."), traceParent);
        state.Outbox.Add(notification);
        return notification;
    }

    private static void CheckId(string value, string name)
    {
        if (!IdRules.IsValid(value))
        {
            throw new ArgumentException($"{name}: '{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}.", name);
        }
    }
}
