namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Storage operations and entities the silos counted during a scenario (deltas of the counters
/// <c>inventory.storage.operations</c> / <c>inventory.storage.entities</c> by <c>kind</c>, summed over every silo),
/// and the events they were spent on. <see cref="Note"/> says why there are none (no <c>/metrics</c>).
/// </summary>
internal sealed record StorageOperations(string? Note, Dictionary<string, double> Operations, Dictionary<string, double> Entities, long Events)
{
    public static StorageOperations NotAvailable(string why) => new(why, [], [], 0);
}
