using Orleans.Inventory.Events;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Builds valid events for tests, each with a fresh key unless one is given.</summary>
public static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 16, 10, 0, 0, TimeSpan.Zero);

    public static StockKey FreshKey(string prefix = "SKU") =>
        new($"wh-{Guid.NewGuid():N}"[..20], $"{prefix}-{Guid.NewGuid():N}"[..24]);

    public static InventoryEvent Make(
        StockKey key, InventoryEventType type, long quantity, DateTimeOffset time, string? id = null, string? deviceId = "test-device") =>
        new(id ?? $"e-{Guid.NewGuid():N}", type, key.ProductId, key.WarehouseId, quantity, time, deviceId);

    public static InventoryEvent Added(StockKey key, long quantity, DateTimeOffset time, string? id = null) =>
        Make(key, InventoryEventType.ItemAdded, quantity, time, id);

    public static InventoryEvent Removed(StockKey key, long quantity, DateTimeOffset time, string? id = null) =>
        Make(key, InventoryEventType.ItemRemoved, quantity, time, id);

    public static InventoryEvent Counted(StockKey key, long quantity, DateTimeOffset time, string? id = null) =>
        Make(key, InventoryEventType.StockCounted, quantity, time, id);

    public static IStockGrain Stock(this IGrainFactory grains, StockKey key) => grains.GetGrain<IStockGrain>(key.GrainKey);

    public static async Task<EventResult> ApplyOneAsync(this IStockGrain grain, InventoryEvent e) => (await grain.ApplyAsync([e])).Single();
}
