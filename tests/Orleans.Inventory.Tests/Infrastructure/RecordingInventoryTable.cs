using System.Collections.Concurrent;
using Azure.Data.Tables;
using Orleans.Inventory.Grains.Storage;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// An inventory table (on the memory backend) that records every action it is sent and can refuse transactions, so
/// tests count the rows a write costs and inject storage faults into one region's partitions.
/// </summary>
public sealed class RecordingInventoryTable(IInventoryTable inner) : IInventoryTable
{
    private readonly ConcurrentQueue<(string PartitionKey, string RowKey, TableTransactionActionType Type)> _actions = new();

    public string Name => inner.Name;

    /// <summary>When it answers an exception for an action, the transaction holding it fails with it and nothing of it is stored.</summary>
    public Func<TableTransactionAction, Exception?>? Fault { get; set; }

    /// <summary>The actions sent (and not refused) to partitions starting with <paramref name="partitionPrefix"/>.</summary>
    public IReadOnlyList<(string PartitionKey, string RowKey, TableTransactionActionType Type)> Actions(string partitionPrefix) =>
        [.. _actions.Where(action => action.PartitionKey.StartsWith(partitionPrefix, StringComparison.Ordinal))];

    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        if (Fault is { } fault && actions.Select(action => fault(action)).FirstOrDefault(exception => exception is not null) is { } failure)
        {
            throw failure;
        }

        await inner.SubmitAsync(actions, cancellationToken);
        foreach (var action in actions)
        {
            _actions.Enqueue((action.Entity.PartitionKey, action.Entity.RowKey, action.ActionType));
        }
    }

    public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        inner.GetAsync(partitionKey, rowKey, cancellationToken);

    public IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(partitionKey, fromRowKey, toRowKey, limit, cancellationToken);
}
