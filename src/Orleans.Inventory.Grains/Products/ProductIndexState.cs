namespace Orleans.Inventory.Grains.Products;

[GenerateSerializer, Alias("inventory.product-index-state.v1")]
public sealed class ProductIndexState
{
    [Id(0)] public HashSet<string> Warehouses { get; set; } = new(StringComparer.Ordinal);
}
