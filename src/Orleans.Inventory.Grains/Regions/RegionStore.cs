using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The region table (<c>Inventory:Tables:RegionTable</c>) as region grains use it: one row per product, read one at a
/// time; a product's change committed with its alert and outbox rows in one transaction of its partition, grouped
/// with other products' changes by the silo's <see cref="TableCommitter"/>; alert and outbox rows read by key range,
/// never by scanning products. Every read is bounded by a limit or by <see cref="RegionTableKeys.Shards"/>.
/// </summary>
internal sealed class RegionStore(TableCommitter committer, RegionRows rows, StorageMetrics metrics)
{
    private const string Kind = "region";

    public IInventoryTable Table => committer.Table;

    public async Task<RegionProduct?> LoadAsync(string regionId, string productId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var row = await committer.Table.GetAsync(RegionTableKeys.Partition(regionId, productId), RegionTableKeys.ProductRow(productId));
            return row is null ? null : rows.ReadProduct(row);
        }
        catch
        {
            metrics.Failed(Kind, "read");
            throw;
        }
        finally
        {
            metrics.Operation(Kind, "read", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Commits a product's new value with the rows its crossing changes: the alert row follows the active alert, and a
    /// notification joins the outbox. All in one transaction, so a crossing is stored exactly when its product is.
    /// </summary>
    /// <exception cref="Orleans.Inventory.Regions.RegionRefusedException">The product's row would pass its size cap; nothing was sent.</exception>
    public Task CommitAsync(string regionId, string productId, RegionProduct? before, RegionProduct after, Notification? notification)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, rows.Product(regionId, productId, after)) };
        var kinds = new List<string> { Kind };
        if (before?.ActiveAlert is { } ended && ended.Id != after.ActiveAlert?.Id)
        {
            actions.Add(new(TableTransactionActionType.Delete,
                new TableEntity(RegionTableKeys.Partition(regionId, productId), RegionTableKeys.AlertRow(productId, ended.OccurredAt)), ETag.All));
            kinds.Add("region_alert");
        }

        if (after.ActiveAlert is { } started && started.Id != before?.ActiveAlert?.Id)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, rows.Notification(regionId, RegionTableKeys.AlertRow(productId, started.OccurredAt), started)));
            kinds.Add("region_alert");
        }

        if (notification is not null)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, rows.Notification(regionId, RegionTableKeys.NotificationRow(notification.Id), notification)));
            kinds.Add("region_outbox");
        }

        // Built here, sent below: a row over its cap is refused before anything is sent, and synchronously.
        return SubmitAsync(actions, kinds);
    }

    private async Task SubmitAsync(List<TableTransactionAction> actions, List<string> kinds)
    {
        try
        {
            await committer.CommitAsync(actions, kinds);
        }
        catch (TableActionFailedException missing) when (missing.Status == 404 && actions.Any(a => a.ActionType == TableTransactionActionType.Delete))
        {
            // The ended alert's row is already gone (nothing else here can be missing): store the rest without it.
            var rest = actions.Index().Where(a => a.Item.ActionType != TableTransactionActionType.Delete).ToList();
            await committer.CommitAsync([.. rest.Select(a => a.Item)], [.. rest.Select(a => kinds[a.Index])]);
        }
    }

    /// <summary>Removes a published notification's outbox row; one already gone is fine.</summary>
    public async Task DeletePublishedAsync(string regionId, Notification notification)
    {
        try
        {
            await committer.CommitAsync(
                [new(TableTransactionActionType.Delete, new TableEntity(RegionTableKeys.Partition(regionId, notification.ProductId!), RegionTableKeys.NotificationRow(notification.Id)), ETag.All)],
                ["region_outbox"]);
        }
        catch (TableActionFailedException missing) when (missing.Status == 404)
        {
        }
    }

    /// <summary>The region's committed, unpublished notifications, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Notification>> PendingNotificationsAsync(string regionId, int limit)
    {
        var found = await QueryShardsAsync(regionId, RegionTableKeys.NotificationRows, limit);
        return [.. found.OrderBy(n => n.OccurredAt).ThenBy(n => n.Id, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>
    /// The newest <paramref name="limit"/> active alerts after <paramref name="after"/> (a cursor from an earlier page;
    /// null for the first): each partition gives its newest after the cursor (its alert rows sort newest first), so at
    /// most <see cref="RegionTableKeys.Shards"/> x (limit + 1) rows are read however many products are low. Pages follow
    /// row-key order (newest first, then product), so paging visits every alert active throughout exactly once.
    /// </summary>
    public async Task<RegionAlertPage> ActiveAlertsAsync(string regionId, int limit, string? after)
    {
        var range = after is null ? RegionTableKeys.AlertRows : RegionTableKeys.AlertRowsAfter(after);
        var found = await QueryShardsAsync(regionId, range, limit + 1);
        var newest = found
            .Select(alert => (Alert: alert, Key: RegionTableKeys.AlertRow(alert.ProductId!, alert.OccurredAt)))
            .OrderBy(alert => alert.Key, StringComparer.Ordinal)
            .ToList();
        var page = newest.Take(limit).ToList();
        var truncated = newest.Count > limit;
        return new RegionAlertPage([.. page.Select(alert => alert.Alert)], truncated, truncated ? RegionTableKeys.AlertCursor(page[^1].Key) : null);
    }

    private async Task<List<Notification>> QueryShardsAsync(string regionId, (string From, string To) range, int limitPerShard)
    {
        var shards = await Task.WhenAll(RegionTableKeys.Partitions(regionId).Select(async partition =>
        {
            var started = Stopwatch.GetTimestamp();
            var found = new List<Notification>();
            try
            {
                await foreach (var row in committer.Table.QueryAsync(partition, range.From, range.To, limitPerShard))
                {
                    found.Add(rows.ReadNotification(row));
                }
            }
            catch
            {
                metrics.Failed(Kind, "query");
                throw;
            }
            finally
            {
                metrics.Operation(Kind, "query", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return found;
        }));
        return [.. shards.SelectMany(shard => shard)];
    }
}
