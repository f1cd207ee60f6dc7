using Azure.Data.Tables;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// One table of the inventory's own storage, with Azure Table semantics on every backend: rows are
/// <see cref="TableEntity"/> (partition key, row key, properties, ETag), a transaction is atomic within one
/// partition and holds at most <see cref="MaxActionsPerTransaction"/> actions, and rows of a partition are read back in
/// row-key order. The embedded profile runs the memory backend, the durable profiles Azure Table (Azurite locally):
/// the code above this interface is the same for both.
/// </summary>
public interface IInventoryTable
{
    /// <summary>Azure Table's limit on the actions of one entity-group transaction.</summary>
    const int MaxActionsPerTransaction = 100;

    /// <summary>The table's name (also the tag of its storage metrics).</summary>
    string Name { get; }

    /// <summary>
    /// Runs the actions, all on one partition, as one atomic transaction: all of them take effect or none does.
    /// Adds fail on an existing row (409); updates and deletes with an ETag fail on another (412) or a missing row (404).
    /// </summary>
    /// <exception cref="TableActionFailedException">One action was refused; nothing took effect.</exception>
    Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default);

    /// <summary>One row, or null.</summary>
    Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Rows of one partition with <paramref name="fromRowKey"/> &lt;= row key &lt; <paramref name="toRowKey"/>, in row-key order, at most <paramref name="limit"/>.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit, CancellationToken cancellationToken = default);
}
