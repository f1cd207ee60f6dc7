using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The silo's one way to send stock snapshots to region grains. Snapshots from every stock grain of the silo wait
/// here per region, the newest per product at warehouse replacing an older one that has not left yet, and one call at a
/// time per region carries what waits (at most <see cref="RegionOptions.MaxSnapshotsPerWrite"/>, oldest first), calls
/// starting at least <see cref="RegionOptions.FeedInterval"/> apart so that changes coalesce. A stock
/// grain awaits the outcome of its own snapshot: stored, refused (<see cref="RegionRefusedException"/>, not worth a
/// retry) or failed (any other exception; its derived-effects loop retries).
/// </summary>
/// <remarks>
/// Before, each stock grain called its region once per committed change: under device load the region grain received
/// as many calls as there were changes (one message, one queue entry and one 30 s timeout each), and a slow region
/// write held thousands of them. Here a region sees at most one call per silo at a time; the snapshots that arrive
/// meanwhile ride in the next one. What waits is bounded by <see cref="RegionOptions.MaxQueuedSnapshots"/> per region
/// (a stock grain has at most one snapshot per region waiting, so this is reached only past that many records); past
/// it a snapshot is refused at once as a failure (retried by its grain) and counted as <c>feed_full</c>.
/// The loop runs on the thread pool and touches only its lane; grains await their task on their own scheduler.
/// </remarks>
internal sealed partial class RegionFeed(IGrainFactory grains, IOptions<RegionOptions> options, RegionMetrics metrics, SystemCaller systemCaller, TimeProvider time, ILogger<RegionFeed> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Sends the snapshot to its region (<see cref="StockSnapshot.RegionId"/>) with the others that wait.</summary>
    /// <exception cref="RegionRefusedException">The region refused it for what it is.</exception>
    public Task SendAsync(StockSnapshot snapshot) => SendAsync(snapshot.RegionId, snapshot);

    /// <summary>Sends the snapshot to <paramref name="regionId"/> (a warehouse's former region is told it left).</summary>
    public Task SendAsync(string regionId, StockSnapshot snapshot)
    {
        var lane = _lanes.GetOrAdd(regionId, id => new Lane(id));
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (lane)
        {
            var key = (snapshot.ProductId, snapshot.WarehouseId);
            if (lane.Waiting.TryGetValue(key, out var pending))
            {
                // Newest wins; a repeat of the same sequence replaces it too (same quantities, newer trace).
                if (snapshot.Sequence >= pending.Snapshot.Sequence)
                {
                    pending.Snapshot = snapshot;
                }
            }
            else
            {
                if (lane.Waiting.Count >= options.Value.MaxQueuedSnapshots)
                {
                    metrics.Refused("feed_full");
                    return Task.FromException(new InvalidOperationException(
                        $"The silo's feed to region {regionId} holds {lane.Waiting.Count} snapshots, its limit ({RegionOptions.SectionName}:{nameof(RegionOptions.MaxQueuedSnapshots)}); try again later."));
                }

                pending = new Pending(snapshot);
                lane.Waiting.Add(key, pending);
                lane.Order.Enqueue(key);
            }

            pending.Waiters.Add(waiter);
            start = !lane.Running;
            lane.Running = true;
        }

        if (start)
        {
            _ = Task.Run(() => RunAsync(lane));
        }

        return waiter.Task;
    }

    private async Task RunAsync(Lane lane)
    {
        // A lane outlives the call that started it: it sends as the silo.
        systemCaller.Use("system:region-feed", CallerContext.System);
        var region = grains.GetGrain<IRegionGrain>(lane.RegionId);
        long? lastCall = null;
        while (true)
        {
            // Pacing, not a clock of the domain: the runtime's time, so tests that move the inventory clock do not stall it.
            if (lastCall is { } started && options.Value.FeedInterval - time.GetElapsedTime(started) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, time);
            }

            var batch = new List<Pending>();
            lock (lane)
            {
                while (batch.Count < options.Value.MaxSnapshotsPerWrite && lane.Order.TryDequeue(out var key))
                {
                    batch.Add(lane.Waiting[key]);
                    lane.Waiting.Remove(key);
                }

                if (batch.Count == 0)
                {
                    lane.Running = false;
                    return;
                }
            }

            lastCall = time.GetTimestamp();
            metrics.FeedCall(batch.Count);
            IReadOnlyList<SnapshotOutcome> outcomes;
            try
            {
                outcomes = await region.FeedAsync([.. batch.Select(pending => pending.Snapshot)]);
            }
            catch (Exception failure)
            {
                // The call as a whole (a timeout, the region's activation): every snapshot in it is retried by its grain.
                LogFeedFailed(lane.RegionId, batch.Count, failure);
                batch.ForEach(pending => pending.Waiters.ForEach(waiter => waiter.TrySetException(failure)));
                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var outcome = i < outcomes.Count ? outcomes[i] : new SnapshotOutcome(Failure: "missing", Message: "the region answered fewer outcomes than snapshots");
                Exception? error = outcome switch
                {
                    { IsStored: true } => null,
                    { RefusedReason: { } reason } => new RegionRefusedException(outcome.Message ?? reason, reason),
                    _ => new InvalidOperationException($"Region {lane.RegionId} did not store the snapshot ({outcome.Failure}): {outcome.Message}"),
                };
                foreach (var waiter in batch[i].Waiters)
                {
                    if (error is null)
                    {
                        waiter.TrySetResult();
                    }
                    else
                    {
                        waiter.TrySetException(error);
                    }
                }
            }
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug,
        Message = "The feed to region {RegionId} failed for a call of {Snapshots} snapshots; their stock grains retry")]
    private partial void LogFeedFailed(string regionId, int snapshots, Exception exception);

    private sealed class Lane(string regionId)
    {
        public string RegionId { get; } = regionId;

        public Dictionary<(string ProductId, string WarehouseId), Pending> Waiting { get; } = [];

        public Queue<(string ProductId, string WarehouseId)> Order { get; } = new();

        public bool Running { get; set; }
    }

    private sealed class Pending(StockSnapshot snapshot)
    {
        public StockSnapshot Snapshot { get; set; } = snapshot;

        public List<TaskCompletionSource> Waiters { get; } = [];
    }
}
