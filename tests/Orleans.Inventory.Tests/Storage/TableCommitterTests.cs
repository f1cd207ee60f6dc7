using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Tests.Storage;

public sealed class TableCommitterTests
{
    [Fact]
    public async Task TheSilosTransactionSlotsBoundWhatIsInFlightAndWaitingCommitsJoinTheNextTransactionOfTheirPartition()
    {
        var table = new SlowTable(new MemoryInventoryTable("t"));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var committer = new TableCommitter(table, "stock", new StorageMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new WarningGate(new FakeTimeProvider()), NullLogger<TableCommitter>.Instance, new SemaphoreSlim(2, 2));

        // 8 partitions x 5 commits of one row each, all at once.
        var commits = Enumerable.Range(0, 40).Select(i => committer.CommitAsync(
            [new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"p{i % 8}", $"r{i}"))], ["state"])).ToList();
        await Task.WhenAll(commits);

        Assert.Equal(2, table.MostInFlight);
        // Commits that queued while their partition waited for a slot went together: at most two transactions per
        // partition (the first may have taken its slot before the others arrived), never one per commit.
        Assert.InRange(table.Transactions, 8, 16);
        for (var i = 0; i < 40; i++)
        {
            Assert.NotNull(await table.GetAsync($"p{i % 8}", $"r{i}"));
        }
    }

    private sealed class SlowTable(IInventoryTable inner) : IInventoryTable
    {
        private int _inFlight;
        private int _mostInFlight;
        private int _transactions;

        public string Name => inner.Name;

        public int MostInFlight => _mostInFlight;

        public int Transactions => _transactions;

        public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostInFlight, now);
            Interlocked.Increment(ref _transactions);
            try
            {
                await Task.Delay(50, cancellationToken);
                await inner.SubmitAsync(actions, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.GetAsync(partitionKey, rowKey, cancellationToken);

        public IAsyncEnumerable<TableEntity> QueryAsync(string partitionKey, string fromRowKey, string toRowKey, int limit, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(partitionKey, fromRowKey, toRowKey, limit, cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
