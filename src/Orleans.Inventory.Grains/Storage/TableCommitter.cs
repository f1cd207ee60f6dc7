using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// Group commit across callers: commits for one partition queue here, and one transaction at a time per partition
/// carries as many whole commits as fit in <see cref="IInventoryTable.MaxActionsPerTransaction"/> rows. Each commit is
/// all or nothing: it is never split across transactions, so a transaction that lands makes every commit in it
/// durable and one that fails leaves none of them.
/// </summary>
/// <remarks>
/// A transaction refused for one action (a stale ETag, a row that exists) fails only the commit that owns that
/// action; the others are sent again at once, in their order. Any other failure (a timeout, storage down) is
/// ambiguous, so every commit in that transaction fails and its caller must re-read what storage holds. Partitions
/// commit concurrently; the queue of a partition is bounded by its callers (a stock grain has one commit in flight).
/// </remarks>
/// <param name="transactions">Slots shared by the silo's committers (<see cref="InventoryTablesOptions.MaxTransactionsInFlight"/>); null for no bound.</param>
public sealed partial class TableCommitter(
    IInventoryTable table, string kind, StorageMetrics metrics, WarningGate warnings, ILogger<TableCommitter> logger, SemaphoreSlim? transactions = null)
{
    private readonly ConcurrentDictionary<string, PartitionQueue> _partitions = new(StringComparer.Ordinal);

    public IInventoryTable Table => table;

    /// <summary>Commits the actions (one partition, at most 100 rows) atomically, in a transaction shared with other callers'.</summary>
    /// <param name="rowKinds">The kind of each action's row, for the storage metrics (same length as the actions).</param>
    public Task CommitAsync(IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<string> rowKinds)
    {
        TransactionRules.Check(actions);
        var commit = new Commit(actions, rowKinds);
        var queue = _partitions.GetOrAdd(actions[0].Entity.PartitionKey, _ => new PartitionQueue());
        bool start;
        lock (queue)
        {
            queue.Waiting.Add(commit);
            start = !queue.Running;
            queue.Running = true;
        }

        if (start)
        {
            // The loop runs on the thread pool, outside any grain's scheduler: it touches only this queue.
            _ = Task.Run(() => RunAsync(queue));
        }

        return commit.Done.Task;
    }

    private async Task RunAsync(PartitionQueue queue)
    {
        while (true)
        {
            // A slot first, then the batch: what arrives while this partition waits for a slot joins its transaction.
            if (transactions is not null)
            {
                await transactions.WaitAsync();
            }

            List<Commit> retry;
            try
            {
                List<Commit> batch;
                lock (queue)
                {
                    batch = Take(queue.Waiting);
                    if (batch.Count == 0)
                    {
                        queue.Running = false;
                        return;
                    }
                }

                retry = await SubmitAsync(batch);
            }
            finally
            {
                transactions?.Release();
            }

            if (retry.Count > 0)
            {
                lock (queue)
                {
                    queue.Waiting.InsertRange(0, retry);
                }
            }
        }
    }

    /// <summary>Whole commits from the front, in order, while they fit and touch distinct rows.</summary>
    private static List<Commit> Take(List<Commit> waiting)
    {
        var batch = new List<Commit>();
        var rows = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var commit in waiting)
        {
            if (count + commit.Actions.Count > IInventoryTable.MaxActionsPerTransaction
                || commit.Actions.Any(action => rows.Contains(action.Entity.RowKey)))
            {
                break;
            }

            batch.Add(commit);
            count += commit.Actions.Count;
            rows.UnionWith(commit.Actions.Select(action => action.Entity.RowKey));
        }

        waiting.RemoveRange(0, batch.Count);
        return batch;
    }

    /// <summary>Sends one transaction; answers the commits to send again (those a refused action did not belong to).</summary>
    private async Task<List<Commit>> SubmitAsync(List<Commit> batch)
    {
        var actions = batch.SelectMany(commit => commit.Actions).ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await table.SubmitAsync(actions);
        }
        catch (TableActionFailedException refused)
        {
            metrics.Failed(kind, "transaction");
            var owner = OwnerOf(batch, refused.FailedIndex);
            owner.Done.TrySetException(refused);
            return [.. batch.Where(commit => commit != owner)];
        }
        catch (Exception exception)
        {
            metrics.Failed(kind, "transaction");
            if (warnings.ShouldLog(2101, out var suppressed))
            {
                LogTransactionFailed(table.Name, actions[0].Entity.PartitionKey, batch.Count, actions.Count, suppressed, exception);
            }
            foreach (var commit in batch)
            {
                commit.Done.TrySetException(exception);
            }

            return [];
        }
        finally
        {
            metrics.Operation(kind, "transaction", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        metrics.TransactionRows(kind, actions.Count);
        foreach (var commit in batch)
        {
            foreach (var rowKind in commit.RowKinds.CountBy(k => k))
            {
                metrics.Written(rowKind.Key, rowKind.Value);
            }

            commit.Done.TrySetResult();
        }

        return [];
    }

    private static Commit OwnerOf(List<Commit> batch, int actionIndex)
    {
        foreach (var commit in batch)
        {
            if (actionIndex < commit.Actions.Count)
            {
                return commit;
            }

            actionIndex -= commit.Actions.Count;
        }

        return batch[^1];
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Table {Table} partition {Partition}: a transaction of {Commits} commits ({Rows} rows) failed; each commit's caller re-reads what storage holds ({Suppressed} more failed transactions since the last such line)")]
    private partial void LogTransactionFailed(string table, string partition, int commits, int rows, long suppressed, Exception exception);

    private sealed class PartitionQueue
    {
        public List<Commit> Waiting { get; } = [];

        public bool Running { get; set; }
    }

    private sealed class Commit(IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<string> rowKinds)
    {
        public IReadOnlyList<TableTransactionAction> Actions { get; } = actions;

        public IReadOnlyList<string> RowKinds { get; } = rowKinds;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
