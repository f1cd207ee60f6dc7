using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>An <see cref="IInventoryTable"/> on Azure Table storage (Azurite locally); creates the table on first use.</summary>
public sealed class AzureInventoryTable(TableClient table) : IInventoryTable
{
    private Task? _created;

    public string Name => table.Name;

    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        TransactionRules.Check(actions);
        await EnsureTableAsync();
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException failure) when (failure.FailedTransactionActionIndex is { } index)
        {
            throw new TableActionFailedException(index, failure.Status,
                $"{Name}: {actions[index].ActionType} of {actions[index].Entity.PartitionKey}/{actions[index].Entity.RowKey} refused ({failure.Status}).", failure);
        }
        catch (RequestFailedException failure) when (failure.Status is 409 or 412 or 404 && actions.Count == 1)
        {
            throw new TableActionFailedException(0, failure.Status, $"{Name}: {actions[0].ActionType} refused ({failure.Status}).", failure);
        }
    }

    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync();
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    public async IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromRowKey} and RowKey lt {toRowKey}");
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(limit, 1, 1000), cancellationToken: cancellationToken))
        {
            yield return row;
            if (++count >= limit)
            {
                yield break;
            }
        }
    }

    /// <summary>Creates the table once; a failed attempt (storage not up yet) is not remembered, the next call tries again.</summary>
    private Task EnsureTableAsync()
    {
        var current = Volatile.Read(ref _created);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        Task created = table.CreateIfNotExistsAsync();
        return Interlocked.CompareExchange(ref _created, created, current) == current ? created : _created!;
    }
}
