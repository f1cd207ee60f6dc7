using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// One region's totals per product and their low-stock alerts, over any number of products: each product is one row
/// of the region table (<see cref="RegionStore"/>), read when first needed and kept in a bounded cache of committed
/// values (<see cref="RegionCache"/>). Stock grains send snapshots; those that arrive while a write is in flight are
/// coalesced (the newest per product at warehouse) and committed together in the next write, which writes only the
/// products that changed.
/// </summary>
/// <remarks>
/// Single writer: every write (a snapshot batch, transit, a threshold, publishing the outbox) runs under
/// <c>_commits</c>, one at a time, so only <see cref="IRegionGrain.ApplySnapshotsAsync"/> interleaves, and only to
/// join the queue; reads see committed values only. Each product of a write commits on its own (grouped into shared
/// transactions by the table committer), so a refused snapshot, an over-cap product or a failed transaction fails
/// the callers of that product only (hole 7).
/// </remarks>
/// <remarks>
/// Outbox: the notification of a crossing is a row next to its product's row, written in the same transaction. Only
/// then is it published, and its row deleted by a later write. A crash in between leaves the row; the next
/// activation publishes it again with the same deterministic id, so downstream keeps each once.
/// </remarks>
internal sealed partial class RegionGrain(
    RegionStore store,
    IOptions<RegionOptions> options,
    TimeProvider clock,
    NotificationMetrics notificationMetrics,
    RegionMetrics metrics,
    ILogger<RegionGrain> logger) : Grain, IRegionGrain
{
    private static readonly TimeSpan RefusalLogPeriod = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _commits = new(1, 1);
    private readonly List<RegionCall> _queued = [];
    private int _queuedSnapshots;
    private Task? _drain;
    private string _regionId = "";
    private RegionBook _book = null!;
    private RegionCache _cache = null!;
    private bool _cacheFullLogged;
    private long _refusedSinceLog;
    private long _lastRefusalLog;

    private RegionOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _regionId = this.GetPrimaryKeyString();
        _book = new RegionBook(_regionId, Options);
        _cache = new RegionCache(Options.CacheCapacity);
        _outbox.AddRange(await store.PendingNotificationsAsync(_regionId, Options.MaxPendingNotifications));
        await TryPublishOutboxAsync();
    }

    public Task ApplySnapshotsAsync(IReadOnlyList<StockSnapshot> snapshots) => Enqueue(snapshots);

    public async Task<IReadOnlyList<SnapshotOutcome>> FeedAsync(IReadOnlyList<StockSnapshot> snapshots)
    {
        // One call per snapshot inside the write, so each fails or succeeds on its own (the write still carries them all).
        var calls = snapshots.Select(snapshot => Enqueue([snapshot])).ToList();
        var outcomes = new SnapshotOutcome[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            try
            {
                await calls[i];
                outcomes[i] = SnapshotOutcome.Stored;
            }
            catch (RegionRefusedException refused)
            {
                outcomes[i] = new SnapshotOutcome(RefusedReason: refused.Reason, Message: refused.Message);
            }
            catch (Exception failure)
            {
                outcomes[i] = new SnapshotOutcome(Failure: failure.GetType().Name, Message: failure.Message);
            }
        }

        return outcomes;
    }

    private Task Enqueue(IReadOnlyList<StockSnapshot> snapshots)
    {
        if (snapshots.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (_queuedSnapshots > 0 && _queuedSnapshots + snapshots.Count > Options.MaxQueuedSnapshots)
        {
            var full = new InvalidOperationException(
                $"Region {_regionId} has {_queuedSnapshots} snapshots waiting, its limit ({RegionOptions.SectionName}:{nameof(RegionOptions.MaxQueuedSnapshots)}); try again later.");
            NoteRefused("queue_full", snapshots.Count, full);
            return Task.FromException(full);
        }

        var call = new RegionCall(snapshots);
        _queued.Add(call);
        _queuedSnapshots += snapshots.Count;
        _drain ??= DrainAsync();
        return call.Done;
    }

    public async Task ApplyTransitAsync(IReadOnlyList<TransitSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            RegionBook.Validate(snapshot);
        }

        using var activity = InventoryTelemetry.ActivitySource.StartActivity("region.apply_transit");
        activity?.SetTag("inventory.region_id", _regionId);
        var call = new RegionCall();
        var work = snapshots
            .GroupBy(s => (s.ProductId, s.TransferId))
            .Select(g => g.MaxBy(s => s.Version)!)
            .GroupBy(s => s.ProductId, StringComparer.Ordinal)
            .Select(product => new ProductWork(product.Key, [call], working =>
            {
                var changed = false;
                foreach (var snapshot in product)
                {
                    changed |= _book.Apply(working, snapshot);
                }

                return new ProductDecision(changed, Evaluate: false);
            }))
            .ToList();
        await CommitAsync(call, work);
    }

    public async Task<RegionStock> GetProductAsync(string productId) => _book.View(productId, await GetAsync(productId));

    public async Task<RegionStock> SetThresholdAsync(string productId, StockThreshold threshold)
    {
        RegionBook.Validate(productId, threshold);
        var call = new RegionCall();
        var traceParent = Activity.Current?.Id;
        await CommitAsync(call, [new ProductWork(productId, [call], working =>
            RegionBook.SetThreshold(working, threshold) ? new ProductDecision(true, true, null, traceParent) : ProductDecision.Unchanged)]);
        return await GetProductAsync(productId);
    }

    public async Task<IReadOnlyList<Notification>> GetActiveAlertsAsync() => (await ListActiveAlertsAsync(Options.MaxAlertsListed)).Alerts;

    public async Task<RegionAlertPage> ListActiveAlertsAsync(int limit, string? after = null)
    {
        if (after is not null && !RegionTableKeys.IsAlertCursor(after))
        {
            throw new ArgumentException($"'{after}' is not an alert cursor; pass the 'next' of the page before, or none for the first page", nameof(after));
        }

        return await store.ActiveAlertsAsync(_regionId, Math.Clamp(limit, 1, Options.MaxAlertsListed), after);
    }

    /// <summary>Commits every snapshot queued by the time the previous write ended, in one write, until none is left.</summary>
    private async Task DrainAsync()
    {
        // Return to the caller first, so _drain names this loop before it can end.
        await Task.Yield();
        try
        {
            while (_queued.Count > 0)
            {
                await _commits.WaitAsync();
                try
                {
                    // From here on, arrivals queue for the next write.
                    var batch = TakeBatch();
                    // On behalf of every snapshot it carries (the feeds that sent them), not of whichever call started the loop.
                    using var activity = InventoryTracing.StartOnBehalfOf("region.apply_snapshots",
                        batch.SelectMany(call => call.Snapshots).Select(snapshot => InventoryTracing.Parse(snapshot.TraceParent)));
                    activity?.SetTag("inventory.region_id", _regionId);
                    activity?.SetTag("inventory.snapshots", batch.Sum(call => call.Snapshots.Count));
                    List<ProductWork> work;
                    try
                    {
                        work = SnapshotWork(batch);
                    }
                    catch (Exception unexpected)
                    {
                        batch.ForEach(call => call.Fail(unexpected));
                        work = [];
                    }

                    await CommitLockedAsync(batch, work);
                }
                finally
                {
                    _commits.Release();
                }
            }
        }
        finally
        {
            _drain = null;
        }
    }

    private List<RegionCall> TakeBatch()
    {
        var taken = 0;
        var count = 0;
        while (count < _queued.Count && (count == 0 || taken + _queued[count].Snapshots.Count <= Options.MaxSnapshotsPerWrite))
        {
            taken += _queued[count++].Snapshots.Count;
        }

        var batch = _queued.GetRange(0, count);
        _queued.RemoveRange(0, count);
        _queuedSnapshots -= taken;
        return batch;
    }

    /// <summary>
    /// Coalesces a batch: invalid snapshots fail their callers at once, and of the rest only the newest per product
    /// at warehouse is applied (on behalf of every caller that sent one of them), one work item per product.
    /// </summary>
    private List<ProductWork> SnapshotWork(List<RegionCall> batch)
    {
        var newest = new Dictionary<(string ProductId, string WarehouseId), (StockSnapshot Snapshot, HashSet<RegionCall> Callers)>();
        foreach (var call in batch)
        {
            foreach (var snapshot in call.Snapshots)
            {
                try
                {
                    RegionBook.Validate(snapshot);
                }
                catch (ArgumentException invalid)
                {
                    call.Fail(new RegionRefusedException(invalid.Message, "invalid", invalid));
                    NoteRefused("invalid", 1, invalid);
                    continue;
                }

                var key = (snapshot.ProductId, snapshot.WarehouseId);
                if (newest.TryGetValue(key, out var known))
                {
                    known.Callers.Add(call);
                    newest[key] = (_book.Newer(known.Snapshot, snapshot), known.Callers);
                }
                else
                {
                    newest[key] = (snapshot, [call]);
                }
            }
        }

        return [.. newest.Values.GroupBy(entry => entry.Snapshot.ProductId, StringComparer.Ordinal).Select(product =>
            new ProductWork(product.Key, product.SelectMany(entry => entry.Callers).ToHashSet(), working =>
            {
                // The last accepted snapshot of a product is the cause its crossing (if any) is attributed to.
                StockSnapshot? cause = null;
                foreach (var (snapshot, callers) in product)
                {
                    try
                    {
                        if (_book.Apply(working, snapshot))
                        {
                            cause = snapshot;
                        }
                    }
                    catch (RegionRefusedException full)
                    {
                        foreach (var caller in callers)
                        {
                            caller.Fail(full);
                        }

                        NoteRefused(full.Reason, 1, full);
                    }
                }

                return cause is null ? ProductDecision.Unchanged : new ProductDecision(true, true, cause.WarehouseId, cause.TraceParent);
            }))];
    }

    /// <summary>Counts a refusal and logs at most one line per period for them all, so a refusing region cannot flood the log.</summary>
    private void NoteRefused(string reason, int count, Exception exception)
    {
        metrics.Refused(reason, count);
        _refusedSinceLog += count;
        if (_lastRefusalLog == 0 || clock.GetElapsedTime(_lastRefusalLog) >= RefusalLogPeriod)
        {
            LogRefused(_regionId, _refusedSinceLog, reason, exception.Message);
            _refusedSinceLog = 0;
            _lastRefusalLog = clock.GetTimestamp();
        }
    }

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Region {RegionId}: {Count} changes refused since the last report; latest ({Reason}): {Detail}")]
    private partial void LogRefused(string regionId, long count, string reason, string detail);
}
