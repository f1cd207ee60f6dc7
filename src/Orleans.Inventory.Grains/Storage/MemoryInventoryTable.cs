using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// An <see cref="IInventoryTable"/> in this process's memory, with the same rules as Azure Table (atomic per-partition
/// transactions, ETags, row-key order). For the embedded profile and tests: not durable, not shared between processes.
/// </summary>
/// <remarks>
/// One lock per partition (a transaction is within one partition, as on Azure), so commits of different shards do not
/// wait on each other; rows are kept by key with a sorted key set, so a range read costs what it returns.
/// </remarks>
public sealed class MemoryInventoryTable(string name) : IInventoryTable
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _etag;

    public string Name { get; } = name;

    public Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        TransactionRules.Check(actions);
        var partition = _partitions.GetOrAdd(actions[0].Entity.PartitionKey, _ => new Partition());
        lock (partition)
        {
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                partition.Rows.TryGetValue(action.Entity.RowKey, out var stored);
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
                    partition.Rows.Remove(row);
                    partition.Keys.Remove(row);
                    continue;
                }

                var copy = new TableEntity((TableEntity)action.Entity)
                {
                    ETag = new ETag(Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
                if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge
                    && partition.Rows.TryGetValue(row, out var existing))
                {
                    foreach (var (key, value) in existing.Where(kv => !copy.ContainsKey(kv.Key)))
                    {
                        copy[key] = value;
                    }
                }

                if (partition.Rows.TryAdd(row, copy))
                {
                    partition.Keys.Add(row);
                }
                else
                {
                    partition.Rows[row] = copy;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            return Task.FromResult<TableEntity?>(null);
        }

        lock (partition)
        {
            return Task.FromResult(partition.Rows.TryGetValue(rowKey, out var row) ? new TableEntity(row) { ETag = row.ETag } : null);
        }
    }

    public async IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<TableEntity> found = [];
        if (_partitions.TryGetValue(partitionKey, out var partition) && string.CompareOrdinal(fromRowKey, toRowKey) < 0)
        {
            lock (partition)
            {
                // GetViewBetween includes both ends; the upper bound is exclusive here.
                foreach (var key in partition.Keys.GetViewBetween(fromRowKey, toRowKey))
                {
                    if (found.Count >= limit || string.CompareOrdinal(key, toRowKey) >= 0)
                    {
                        break;
                    }

                    var row = partition.Rows[key];
                    found.Add(new TableEntity(row) { ETag = row.ETag });
                }
            }
        }

        foreach (var row in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }

    private sealed class Partition
    {
        public Dictionary<string, TableEntity> Rows { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
