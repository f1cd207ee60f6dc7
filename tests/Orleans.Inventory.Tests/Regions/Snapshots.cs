using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>Builds snapshots for region tests; each test uses fresh region and product ids.</summary>
internal static class Snapshots
{
    public static string FreshRegion() => $"region-{Guid.NewGuid():N}"[..24];

    public static string FreshProduct() => $"SKU-{Guid.NewGuid():N}"[..20];

    public static StockSnapshot Snap(string region, string product, string warehouse, long sequence, long available, long reserved = 0, string? traceParent = null) =>
        new(region, product, warehouse, sequence, available, reserved, available + reserved, Infrastructure.Events.T0.AddMinutes(sequence), traceParent);

    public static Task ApplyAsync(this IRegionGrain grain, params StockSnapshot[] snapshots) => grain.ApplySnapshotsAsync(snapshots);
}
