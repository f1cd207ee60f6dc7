using Microsoft.Extensions.Logging;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>The write of a region grain: load what a write touches, decide on copies, commit per product, then publish.</summary>
internal sealed partial class RegionGrain
{
    /// <summary>Concurrent row reads of one write; the rest wait for a free slot.</summary>
    private const int ReadsInFlight = 64;

    /// <summary>Counts commits that landed, so a read that overlapped one does not cache what it read before it.</summary>
    private long _commitGeneration;

    /// <summary>Runs a non-interleaved call's write under the single-writer lock and answers as its own changes fared.</summary>
    private async Task CommitAsync(RegionCall call, IReadOnlyList<ProductWork> work)
    {
        await _commits.WaitAsync();
        try
        {
            await CommitLockedAsync([call], work);
        }
        finally
        {
            _commits.Release();
        }

        await call.Done;
    }

    /// <summary>One write for the calls: commit, publish, answer each call, then delete the published outbox rows.</summary>
    private async Task CommitLockedAsync(IReadOnlyList<RegionCall> calls, IReadOnlyList<ProductWork> work)
    {
        try
        {
            await CommitProductsLockedAsync(work);
        }
        catch (Exception exception)
        {
            foreach (var call in calls)
            {
                call.Fail(exception);
            }
        }

        foreach (var call in calls)
        {
            call.Resolve();
        }

        await DeletePublishedLockedAsync();
    }

    private async Task CommitProductsLockedAsync(IReadOnlyList<ProductWork> work)
    {
        // Notifications that could not be published yet are retried first; past the cap, new work waits for them.
        await TryPublishOutboxLockedAsync();
        if (_outbox.Count + _published.Count >= Options.MaxPendingNotifications)
        {
            var full = new InvalidOperationException(
                $"Region {_regionId} holds {_outbox.Count + _published.Count} notifications it could not publish and clear; changes are refused until they are.");
            NoteRefused("outbox_full", work.Count, full);
            throw full;
        }

        var (loaded, unread) = await LoadLockedAsync(work.Select(item => item.ProductId));
        var now = clock.GetUtcNow();
        var writes = new List<(ProductWork Work, RegionProduct After, Notification? Notification, Task Commit)>();
        foreach (var item in work)
        {
            if (unread.TryGetValue(item.ProductId, out var readFailure))
            {
                item.Fail(readFailure);
                continue;
            }

            var before = loaded[item.ProductId];
            var after = before?.Clone() ?? new RegionProduct();
            ProductDecision decision;
            Task commit;
            Notification? notification = null;
            try
            {
                decision = item.Decide(after);
                if (!decision.Changed)
                {
                    continue;
                }

                if (decision.Evaluate)
                {
                    notification = _book.Evaluate(item.ProductId, after, now, decision.WarehouseId, decision.TraceParent);
                }

                commit = store.CommitAsync(_regionId, item.ProductId, before, after, notification);
            }
            catch (RegionRefusedException refused)
            {
                item.Fail(refused);
                NoteRefused(refused.Reason, 1, refused);
                continue;
            }

            writes.Add((item, after, notification, commit));
        }

        if (writes.Count == 0)
        {
            return;
        }

        metrics.Wrote(writes.Count);
        try
        {
            await Task.WhenAll(writes.Select(write => write.Commit));
        }
        catch
        {
            // Each write's outcome is read from its own task below.
        }

        _commitGeneration++;
        var failed = 0;
        Exception? ambiguous = null;
        foreach (var (item, after, notification, commit) in writes)
        {
            if (commit.IsCompletedSuccessfully)
            {
                SetCached(item.ProductId, after);
                if (notification is not null)
                {
                    _outbox.Add(notification);
                }

                continue;
            }

            var failure = commit.Exception?.InnerException ?? new TaskCanceledException();
            failed++;
            // Storage holds the old value, or (after an ambiguous failure) maybe the new one: read it again when needed.
            _cache.Remove(item.ProductId);
            item.Fail(failure);
            if (failure is not TableActionFailedException)
            {
                ambiguous ??= failure;
            }
        }

        if (failed > 0)
        {
            metrics.Refused("storage", failed);
            LogCommitFailed(_regionId, failed, writes.Count, ambiguous);
            _rescanOutbox |= ambiguous is not null;
        }

        await TryPublishOutboxLockedAsync();
    }

    /// <summary>The products of a write, from the cache or their rows (a failed read fails only its product).</summary>
    private async Task<(Dictionary<string, RegionProduct?> Loaded, Dictionary<string, Exception> Unread)> LoadLockedAsync(IEnumerable<string> productIds)
    {
        var loaded = new Dictionary<string, RegionProduct?>(StringComparer.Ordinal);
        var unread = new Dictionary<string, Exception>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var productId in productIds)
        {
            if (_cache.TryGet(productId, out var cached))
            {
                loaded[productId] = cached;
            }
            else
            {
                misses.Add(productId);
            }
        }

        foreach (var chunk in misses.Chunk(ReadsInFlight))
        {
            var reads = chunk.Select(productId => (ProductId: productId, Read: store.LoadAsync(_regionId, productId))).ToList();
            try
            {
                await Task.WhenAll(reads.Select(read => read.Read));
            }
            catch
            {
                // Each read's outcome is taken from its own task below.
            }

            foreach (var (productId, read) in reads)
            {
                metrics.ProductRead();
                if (read.IsCompletedSuccessfully)
                {
                    loaded[productId] = read.Result;
                    SetCached(productId, read.Result);
                }
                else
                {
                    unread[productId] = read.Exception?.InnerException ?? new TaskCanceledException();
                }
            }
        }

        return (loaded, unread);
    }

    /// <summary>A product for a read: cached, or its row (cached unless a commit landed while it was read).</summary>
    private async Task<RegionProduct?> GetAsync(string productId)
    {
        if (_cache.TryGet(productId, out var cached))
        {
            return cached;
        }

        var generation = _commitGeneration;
        var product = await store.LoadAsync(_regionId, productId);
        metrics.ProductRead();
        if (generation == _commitGeneration)
        {
            SetCached(productId, product);
        }
        else if (_cache.TryGet(productId, out cached))
        {
            product = cached;
        }

        return product;
    }

    private void SetCached(string productId, RegionProduct? product)
    {
        var evicted = _cache.Set(productId, product);
        if (evicted == 0)
        {
            return;
        }

        metrics.Evicted(evicted);
        if (!_cacheFullLogged)
        {
            _cacheFullLogged = true;
            LogCacheFull(_regionId, _cache.Capacity);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error,
        Message = "Region {RegionId}: {Failed} of {Products} product writes failed; their callers retry, the other products are stored")]
    private partial void LogCommitFailed(string regionId, int failed, int products, Exception? exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information,
        Message = "Region {RegionId}: product cache reached its bound ({Capacity}, Inventory:Regions:CacheCapacity); least recently used products are evicted and read again on demand")]
    private partial void LogCacheFull(string regionId, int capacity);
}
