using System.Collections.Concurrent;
using Azure.Data.Tables;
using Orleans.Inventory.Grains.Storage;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// A real inventory table with faults on demand for the rows of chosen products (row keys name the product, escaped
/// ids being plain for test keys) or for any action (<see cref="ActionFault"/>), a count of transactions, and a record
/// of every action stored, so tests count the rows a write costs. <see cref="Fault.Ambiguous"/> applies the
/// transaction and then throws, as a timeout after success does.
/// </summary>
public sealed class FaultyInventoryTable(IInventoryTable inner) : IInventoryTable
{
    public enum Fault
    {
        /// <summary>The transaction fails and nothing of it is written.</summary>
        Refused,

        /// <summary>The transaction is written, then the caller gets an error.</summary>
        Ambiguous,
    }

    private readonly ConcurrentDictionary<string, (Fault Fault, int Times)> _submitFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _readFaults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string PartitionKey, string RowKey, TableTransactionActionType Type)> _stored = new();
    private long _transactions;

    public string Name => inner.Name;

    public IInventoryTable Inner => inner;

    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>When it answers an exception for an action, the transaction holding it fails with it and nothing of it is stored.</summary>
    public Func<TableTransactionAction, Exception?>? ActionFault { get; set; }

    /// <summary>The actions stored in partitions starting with <paramref name="partitionPrefix"/>.</summary>
    public IReadOnlyList<(string PartitionKey, string RowKey, TableTransactionActionType Type)> Actions(string partitionPrefix) =>
        [.. _stored.Where(action => action.PartitionKey.StartsWith(partitionPrefix, StringComparison.Ordinal))];

    /// <summary>How long each transaction takes on top of the real one (a slow storage account).</summary>
    public TimeSpan SubmitDelay { get; set; }

    /// <summary>Fails the next <paramref name="times"/> transactions touching the product's rows (all of them by default).</summary>
    public void FailSubmits(string productId, Fault fault = Fault.Refused, int times = int.MaxValue) => _submitFaults[productId] = (fault, times);

    public void FailReads(string productId) => _readFaults[productId] = true;

    public void Heal(string productId)
    {
        _submitFaults.TryRemove(productId, out _);
        _readFaults.TryRemove(productId, out _);
    }

    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _transactions);
        if (SubmitDelay > TimeSpan.Zero)
        {
            await Task.Delay(SubmitDelay, cancellationToken);
        }

        var touched = actions.Select(action => Touched(_submitFaults, action.Entity.RowKey)).FirstOrDefault(found => found is not null);
        KeyValuePair<string, Fault>? fault = null;
        if (touched is { } t)
        {
            fault = new(t.Key, t.Value.Fault);
            if (t.Value.Times <= 1)
            {
                _submitFaults.TryRemove(t.Key, out _);
            }
            else
            {
                _submitFaults[t.Key] = (t.Value.Fault, t.Value.Times - 1);
            }
        }

        if (fault is { } f && f.Value == Fault.Refused)
        {
            throw new IOException($"injected storage write fault ({f.Key})");
        }

        if (ActionFault is { } actionFault && actions.Select(action => actionFault(action)).FirstOrDefault(exception => exception is not null) is { } failure)
        {
            throw failure;
        }

        await inner.SubmitAsync(actions, cancellationToken);
        foreach (var action in actions)
        {
            _stored.Enqueue((action.Entity.PartitionKey, action.Entity.RowKey, action.ActionType));
        }

        if (fault is { } ambiguous)
        {
            throw new TimeoutException($"injected timeout after a successful write ({ambiguous.Key})");
        }
    }

    public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        Touched(_readFaults, rowKey) is { } fault
            ? throw new IOException($"injected storage read fault ({fault.Key})")
            : inner.GetAsync(partitionKey, rowKey, cancellationToken);

    public IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit, CancellationToken cancellationToken = default) =>
        Touched(_readFaults, fromRowKey) is { } fault
            ? throw new IOException($"injected storage read fault ({fault.Key})")
            : inner.QueryAsync(partitionKey, fromRowKey, toRowKey, limit, cancellationToken);

    /// <summary>The fault whose product the row key names (<c>{kind}|{product}</c> or <c>{kind}|{product}|...</c>).</summary>
    private static KeyValuePair<string, T>? Touched<T>(ConcurrentDictionary<string, T> faults, string rowKey)
    {
        if (faults.IsEmpty)
        {
            return null;
        }

        var parts = rowKey.Split('|');
        return parts.Length > 1 && faults.TryGetValue(parts[1], out var value) ? new KeyValuePair<string, T>(parts[1], value) : null;
    }
}
