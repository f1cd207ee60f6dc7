using System.Diagnostics;
using Orleans.Inventory.Grains.Telemetry;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Trace context across the group commit and the derived work: a write's commit span links every caller whose
/// decisions it carries (and is the child of the only one), and the region feed links every commit whose change it
/// carries, so one device event is one trace down to its alert, and a batch points back to each of its causes.
/// </summary>
internal sealed partial class StockGrain
{
    /// <summary>
    /// Commits that changed the stock and are not yet in a region snapshot; the feed links them. Memory only and
    /// bounded (oldest go first): after a reactivation the pending feed starts a trace of its own.
    /// </summary>
    private readonly List<ActivityContext> _unfedCommits = [];

    private Activity? StartCommitSpan(PendingWrite write)
    {
        var span = InventoryTracing.StartOnBehalfOf("stock.commit", write.Callers);
        if (span is not null)
        {
            span.SetTag("inventory.warehouse_id", _key.WarehouseId);
            span.SetTag("inventory.product_id", _key.ProductId);
            span.SetTag("inventory.entries", write.Entries.Count);
            span.SetTag("inventory.callers", write.Callers.Count);
            span.SetTag("inventory.sequence", write.Sequence);
        }

        return span;
    }

    /// <summary>Ends the commit span; before the write loop moves the committed change on, so it can tell whether this write changed the stock.</summary>
    private void EndCommitSpan(Activity? span, PendingWrite write, Exception? failure)
    {
        if (span is null)
        {
            return;
        }

        if (failure is not null)
        {
            InventoryTracing.Fail(span, failure);
        }
        else if (write.ChangeSequence > _committedChange)
        {
            if (_unfedCommits.Count >= InventoryTracing.MaxLinks)
            {
                _unfedCommits.RemoveAt(0);
            }

            _unfedCommits.Add(span.Context);
        }

        span.Dispose();
    }

    /// <summary>The region feed's span: on behalf of the commits whose change the snapshot carries.</summary>
    private Activity? StartRegionFeedSpan(string regionId, IReadOnlyList<ActivityContext> commits, long sequence)
    {
        var span = InventoryTracing.StartOnBehalfOf("stock.region_feed", commits, ActivityKind.Producer);
        if (span is not null)
        {
            span.SetTag("inventory.warehouse_id", _key.WarehouseId);
            span.SetTag("inventory.product_id", _key.ProductId);
            span.SetTag("inventory.region_id", regionId);
            span.SetTag("inventory.sequence", sequence);
            span.SetTag("inventory.commits", commits.Count);
        }

        return span;
    }
}
