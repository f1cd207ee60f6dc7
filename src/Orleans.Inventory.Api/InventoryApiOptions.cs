namespace Orleans.Inventory.Api;

/// <summary>Limits of the HTTP API. Bound from <c>Inventory:Api</c>.</summary>
public sealed class InventoryApiOptions
{
    public const string SectionName = "Inventory:Api";

    /// <summary>The largest request body <c>POST /api/events</c> reads; a larger one is answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The most events one body may carry; more is answered 413.</summary>
    public int MaxBatchSize { get; set; } = 1000;
}
