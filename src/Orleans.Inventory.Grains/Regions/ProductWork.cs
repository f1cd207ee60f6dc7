namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// What one region write does to one product: <see cref="Decide"/> changes a working copy of it (failing the callers
/// of any change it refuses) and says whether it changed and what to evaluate; a failure of the product as a whole
/// (its read, its row, its transaction) fails every one of <see cref="Callers"/>.
/// </summary>
internal sealed record ProductWork(string ProductId, IReadOnlyCollection<RegionCall> Callers, Func<RegionProduct, ProductDecision> Decide)
{
    public void Fail(Exception exception)
    {
        foreach (var caller in Callers)
        {
            caller.Fail(exception);
        }
    }
}
