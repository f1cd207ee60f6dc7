using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// One region's totals per product and their low-stock alerts. Stock grains send one snapshot per committed batch, and
/// snapshots that arrive while a write is in flight are committed together in the next write (group commit), so the
/// region writes a few times per second however many stock grains feed it.
/// </summary>
/// <remarks>
/// Single writer: every change to the state (a snapshot batch, transit, a threshold, publishing the outbox) runs under
/// <c>_commits</c>, one at a time, so only <see cref="IRegionGrain.ApplySnapshotsAsync"/> interleaves, and only to
/// join the queue. A read may see a decided batch while its write is in flight; a failed write restores the state and
/// fails every caller of that batch (their stock grains keep the feed pending and send it again).
/// </remarks>
/// <remarks>
/// Outbox commit, as in the stock grain: a call decides in memory, and the new totals, the alert state and the
/// notifications of any crossing are written in one state write. Only then are the notifications published and the
/// outbox emptied (and written again). A crash in between leaves them in state; they are published again on the
/// next call, activation or retry timer with the same deterministic ids, so downstream keeps each once.
/// </remarks>
internal sealed partial class RegionGrain(
    [PersistentState("region", StorageNames.Inventory)] IPersistentState<RegionState> region,
    IOptions<RegionOptions> options,
    TimeProvider clock,
    NotificationMetrics metrics,
    ILogger<RegionGrain> logger) : Grain, IRegionGrain
{
    private static readonly TimeSpan PublishRetryPeriod = TimeSpan.FromSeconds(10);

    private string _regionId = "";
    private RegionBook _book = null!;
    private IGrainTimer? _publishRetry;
    private readonly SemaphoreSlim _commits = new(1, 1);
    private readonly List<StockSnapshot> _queued = [];
    private Task? _nextBatch;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _regionId = this.GetPrimaryKeyString();
        _book = new RegionBook(region.State, _regionId, options.Value);
        await TryPublishOutboxAsync();
    }

    public Task ApplySnapshotsAsync(IReadOnlyList<StockSnapshot> snapshots)
    {
        _queued.AddRange(snapshots);
        return _nextBatch ??= CommitQueuedSnapshotsAsync();
    }

    /// <summary>Waits for the write in flight, then commits every snapshot queued by then in one write.</summary>
    private async Task CommitQueuedSnapshotsAsync()
    {
        // Return to the caller first, so _nextBatch names this batch before it takes the queue.
        await Task.Yield();
        await _commits.WaitAsync();
        try
        {
            // From here on, arrivals queue for the next batch.
            var batch = _queued.ToList();
            _queued.Clear();
            _nextBatch = null;
            using var activity = InventoryTelemetry.ActivitySource.StartActivity("region.apply_snapshots");
            activity?.SetTag("inventory.region_id", _regionId);
            activity?.SetTag("inventory.snapshots", batch.Count);
            await CommitLockedAsync(() => _book.ApplySnapshots(batch, clock.GetUtcNow()));
        }
        finally
        {
            _commits.Release();
        }
    }

    public async Task ApplyTransitAsync(IReadOnlyList<TransitSnapshot> snapshots)
    {
        using var activity = InventoryTelemetry.ActivitySource.StartActivity("region.apply_transit");
        activity?.SetTag("inventory.region_id", _regionId);
        await CommitAsync(() => _book.ApplyTransit(snapshots));
    }

    public Task<RegionStock> GetProductAsync(string productId) => Task.FromResult(_book.View(productId));

    public async Task<RegionStock> SetThresholdAsync(string productId, StockThreshold threshold)
    {
        await CommitAsync(() => _book.SetThreshold(productId, threshold, clock.GetUtcNow(), Activity.Current?.Id));
        return _book.View(productId);
    }

    public Task<IReadOnlyList<Notification>> GetActiveAlertsAsync() => Task.FromResult(_book.ActiveAlerts());

    private async Task CommitAsync(Func<bool> decide)
    {
        await _commits.WaitAsync();
        try
        {
            await CommitLockedAsync(decide);
        }
        finally
        {
            _commits.Release();
        }
    }

    private async Task CommitLockedAsync(Func<bool> decide)
    {
        // Notifications that could not be published yet are retried first; past the cap, new work waits for them.
        await TryPublishOutboxLockedAsync();
        if (region.State.Outbox.Count >= options.Value.MaxPendingNotifications)
        {
            throw new InvalidOperationException(
                $"Region {_regionId} holds {region.State.Outbox.Count} notifications it could not publish; changes are refused until they are.");
        }

        _book.Begin();
        try
        {
            if (!decide())
            {
                return;
            }
        }
        catch
        {
            _book.Rollback();
            throw;
        }

        try
        {
            await region.WriteStateAsync();
        }
        catch (Exception exception)
        {
            // Storage may hold the old state or (after a timeout) the new one: reload it in a fresh activation.
            _book.Rollback();
            LogCommitFailed(_regionId, exception);
            DeactivateOnIdle();
            throw;
        }

        await TryPublishOutboxLockedAsync();
    }

    private async Task TryPublishOutboxAsync()
    {
        await _commits.WaitAsync();
        try
        {
            await TryPublishOutboxLockedAsync();
        }
        finally
        {
            _commits.Release();
        }
    }

    private async Task TryPublishOutboxLockedAsync()
    {
        var outbox = region.State.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        try
        {
            await this.PublishNotificationsAsync(outbox);
            foreach (var notification in outbox)
            {
                metrics.Published(notification.Type);
                LogNotified(_regionId, notification.ProductId, notification.Type, notification.Id);
            }

            outbox.Clear();
            _publishRetry?.Dispose();
            _publishRetry = null;
            // Crossings are rare, so a second write is cheap; it keeps a restart from publishing them again.
            await region.WriteStateAsync();
        }
        catch (Exception exception)
        {
            metrics.PublishFailed();
            LogPublishFailed(_regionId, outbox.Count, exception);
            _publishRetry ??= this.RegisterGrainTimer(TryPublishOutboxAsync, PublishRetryPeriod, PublishRetryPeriod);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error,
        Message = "Region {RegionId}: storage write failed; state restored, grain deactivating")]
    private partial void LogCommitFailed(string regionId, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information,
        Message = "Region {RegionId}: product {ProductId} crossed, {Type} notification {NotificationId} published")]
    private partial void LogNotified(string regionId, string? productId, NotificationType type, string notificationId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Region {RegionId}: publishing {Count} committed notifications failed; retried on the next call or timer")]
    private partial void LogPublishFailed(string regionId, int count, Exception exception);
}
