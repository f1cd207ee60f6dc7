namespace Orleans.Inventory.Grains.Regions;

/// <summary>Whether a product changed, and whether its alert state is to be evaluated (and with which cause).</summary>
internal readonly record struct ProductDecision(bool Changed, bool Evaluate, string? WarehouseId = null, string? TraceParent = null)
{
    public static ProductDecision Unchanged => default;
}
