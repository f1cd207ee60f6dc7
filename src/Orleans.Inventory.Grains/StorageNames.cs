namespace Orleans.Inventory.Grains;

/// <summary>Names of the grain storage providers the grains use; configured under <c>Orleans:GrainStorage</c>.</summary>
public static class StorageNames
{
    /// <summary>Stock records, the product index and dead letters.</summary>
    public const string Inventory = "inventory";
}
