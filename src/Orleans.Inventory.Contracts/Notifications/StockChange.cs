namespace Orleans.Inventory.Notifications;

/// <summary>A stock record after a committed change, published for live views (SSE, client subscriptions).</summary>
[GenerateSerializer, Immutable, Alias("inventory.stock-change.v1")]
public sealed record StockChange(
    [property: Id(0)] StockRecord Stock,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string? RegionId,
    [property: Id(3)] DateTimeOffset RecordedAt);
