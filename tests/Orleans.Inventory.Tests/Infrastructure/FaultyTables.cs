using System.Collections.Concurrent;
using Orleans.Inventory.Grains.Storage;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>The silo's tables as opened, each wrapped in a <see cref="FaultyInventoryTable"/>; registered as the decorator.</summary>
public sealed class FaultyTables
{
    private readonly ConcurrentDictionary<string, FaultyInventoryTable> _tables = new(StringComparer.Ordinal);

    public IInventoryTable Wrap(IInventoryTable table) => _tables.GetOrAdd(table.Name, _ => new FaultyInventoryTable(table));
}
