namespace Orleans.Inventory;

/// <summary>Identifies the stock record of one product at one warehouse; also the stock grain's key.</summary>
/// <remarks>Ids are validated by <see cref="Events.IdRules"/> and never contain '/', so the grain key is unambiguous.</remarks>
[GenerateSerializer, Immutable, Alias("inventory.stock-key.v1")]
public readonly record struct StockKey(
    [property: Id(0)] string WarehouseId,
    [property: Id(1)] string ProductId)
{
    private const char Separator = '/';

    public string GrainKey => $"{WarehouseId}{Separator}{ProductId}";

    public static StockKey FromGrainKey(string grainKey)
    {
        var separator = grainKey.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == grainKey.Length - 1)
        {
            throw new ArgumentException($"'{grainKey}' is not a stock key of the form warehouse/product.", nameof(grainKey));
        }

        return new StockKey(grainKey[..separator], grainKey[(separator + 1)..]);
    }

    public override string ToString() => GrainKey;
}
