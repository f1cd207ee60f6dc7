using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>The silo's tables by name, each with its one <see cref="TableCommitter"/> (so group commit spans every grain of the silo).</summary>
/// <remarks>A registered <see cref="InventoryTableDecorator"/> wraps each table as it opens (tests inject storage faults so).</remarks>
public sealed class InventoryTables(
    IOptions<InventoryTablesOptions> options, StorageMetrics metrics, WarningGate warnings, ILoggerFactory loggers, InventoryTableDecorator? decorator = null)
{
    private readonly ConcurrentDictionary<string, TableCommitter> _committers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim? _transactions = options.Value is { ProviderType: not "Memory", MaxTransactionsInFlight: > 0 and var slots }
        ? new SemaphoreSlim(slots, slots)
        : null;
    private readonly Lazy<TableServiceClient?> _service = new(() => options.Value switch
    {
        { ProviderType: "Memory" } => null,
        { ServiceUri: { } uri } => new TableServiceClient(uri, new DefaultAzureCredential()),
        { ConnectionString: { } connection } => new TableServiceClient(connection),
        _ => throw new InvalidOperationException($"{InventoryTablesOptions.SectionName}: AzureTable needs ConnectionString or ServiceUri."),
    });

    public InventoryTablesOptions Options => options.Value;

    /// <summary>The committer of a table; <paramref name="kind"/> tags its metrics (stock, region).</summary>
    public TableCommitter Committer(string tableName, string kind) =>
        _committers.GetOrAdd(tableName, name => new TableCommitter(Open(name), kind, metrics, warnings, loggers.CreateLogger<TableCommitter>(), _transactions));

    private IInventoryTable Open(string name)
    {
        IInventoryTable table = _service.Value is { } service ? new AzureInventoryTable(service.GetTableClient(name)) : new MemoryInventoryTable(name);
        return decorator is null ? table : decorator(table);
    }
}
