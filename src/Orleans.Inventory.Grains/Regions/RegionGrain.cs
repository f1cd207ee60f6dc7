using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// One region's totals per product and their low-stock alerts. Not reentrant: one call at a time sees the state the
/// previous one left. Not a hot spot by design: stock grains send one snapshot per committed batch, not per event.
/// </summary>
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

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _regionId = this.GetPrimaryKeyString();
        _book = new RegionBook(region.State, _regionId, options.Value);
        await TryPublishOutboxAsync();
    }

    public async Task ApplySnapshotsAsync(IReadOnlyList<StockSnapshot> snapshots)
    {
        using var activity = InventoryTelemetry.ActivitySource.StartActivity("region.apply_snapshots");
        activity?.SetTag("inventory.region_id", _regionId);
        activity?.SetTag("inventory.snapshots", snapshots.Count);
        await CommitAsync(() => _book.ApplySnapshots(snapshots, clock.GetUtcNow()));
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
        // Notifications that could not be published yet are retried first; past the cap, new work waits for them.
        await TryPublishOutboxAsync();
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

        await TryPublishOutboxAsync();
    }

    private async Task TryPublishOutboxAsync()
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
