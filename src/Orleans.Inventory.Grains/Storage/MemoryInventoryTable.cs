using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// An <see cref="IInventoryTable"/> in this process's memory, with the same rules as Azure Table (atomic per-partition
/// transactions, ETags, row-key order). For the embedded profile and tests: not durable, not shared between processes.
/// </summary>
public sealed class MemoryInventoryTable(string name) : IInventoryTable
{
    private readonly Dictionary<string, SortedDictionary<string, TableEntity>> _partitions = new(StringComparer.Ordinal);
    private long _etag;

    public string Name { get; } = name;

    public Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        TransactionRules.Check(actions);
        lock (_partitions)
        {
            var partition = Partition(actions[0].Entity.PartitionKey);
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                partition.TryGetValue(action.Entity.RowKey, out var stored);
                var status = action.ActionType switch
                {
                    TableTransactionActionType.Add when stored is not null => 409,
                    TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpdateMerge or TableTransactionActionType.Delete
                        when stored is null => 404,
                    TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpdateMerge or TableTransactionActionType.Delete
                        when action.ETag != ETag.All && action.ETag != default && action.ETag != stored!.ETag => 412,
                    _ => 0,
                };
                if (status != 0)
                {
                    throw new TableActionFailedException(i, status,
                        $"{Name}: {action.ActionType} of {action.Entity.PartitionKey}/{action.Entity.RowKey} refused ({status}).");
                }
            }

            foreach (var action in actions)
            {
                var row = action.Entity.RowKey;
                if (action.ActionType == TableTransactionActionType.Delete)
                {
                    partition.Remove(row);
                    continue;
                }

                var copy = new TableEntity((TableEntity)action.Entity) { ETag = new ETag((++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
                if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge
                    && partition.TryGetValue(row, out var existing))
                {
                    foreach (var (key, value) in existing.Where(kv => !copy.ContainsKey(kv.Key)))
                    {
                        copy[key] = value;
                    }
                }

                partition[row] = copy;
            }
        }

        return Task.CompletedTask;
    }

    public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        lock (_partitions)
        {
            return Task.FromResult(_partitions.TryGetValue(partitionKey, out var partition) && partition.TryGetValue(rowKey, out var row)
                ? new TableEntity(row) { ETag = row.ETag }
                : null);
        }
    }

    public async IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<TableEntity> found;
        lock (_partitions)
        {
            found = _partitions.TryGetValue(partitionKey, out var partition)
                ? [.. partition.Values
                    .Where(row => string.CompareOrdinal(row.RowKey, fromRowKey) >= 0 && string.CompareOrdinal(row.RowKey, toRowKey) < 0)
                    .Take(limit)
                    .Select(row => new TableEntity(row) { ETag = row.ETag })]
                : [];
        }

        foreach (var row in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }

    private SortedDictionary<string, TableEntity> Partition(string key)
    {
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
            _partitions[key] = partition;
        }

        return partition;
    }
}
