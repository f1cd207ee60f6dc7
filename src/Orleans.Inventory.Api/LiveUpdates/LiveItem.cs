namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>One item of the live-update stream, serialized once for every client.</summary>
/// <param name="Id">Increases by one per item in this API process; ids of another process (or of a restarted one) mean nothing here.</param>
/// <param name="EventName"><c>stock_changed</c> or a notification type (<c>low_stock</c>, ...).</param>
/// <param name="Data">The item as snake_case JSON (UTF-8, one line).</param>
public sealed record LiveItem(long Id, string EventName, string? WarehouseId, string? RegionId, string? ProductId, byte[] Data);
