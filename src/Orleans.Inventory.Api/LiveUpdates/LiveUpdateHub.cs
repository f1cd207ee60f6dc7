using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// The API process's live-update hub: numbers each stock change and notification it receives (ids increase by one,
/// per process), keeps the newest <see cref="LiveStreamOptions.WindowSize"/> for clients that reconnect, and fans
/// each out to the clients whose filter it matches. Publishing never waits for a client: each has a bounded queue,
/// and one that is full is dropped with a reason.
/// </summary>
public sealed partial class LiveUpdateHub(IOptions<LiveStreamOptions> options, ILogger<LiveUpdateHub> logger)
{
    public const string StockChangedEvent = "stock_changed";

    private static readonly JsonSerializerOptions Json = CreateJson();

    private readonly Lock _gate = new();
    private readonly Queue<LiveItem> _window = new();
    private readonly List<LiveSubscription> _subscriptions = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastId;
    private long _subscriptionCount;

    /// <summary>The id of the newest item, 0 before the first.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    public int ClientCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public LiveItem Publish(StockChange change) =>
        Append(StockChangedEvent, change.Stock.WarehouseId, change.RegionId, change.Stock.ProductId, JsonSerializer.SerializeToUtf8Bytes(change, Json));

    public LiveItem Publish(Notification notification) =>
        Append(notification.Type.ToWireName(), notification.WarehouseId, notification.RegionId, notification.ProductId,
            JsonSerializer.SerializeToUtf8Bytes(notification, Json));

    /// <summary>
    /// Joins the stream. With <paramref name="lastEventId"/>, the subscription starts with the kept items after it
    /// (and a <see cref="LiveReset"/> when some are gone); without, with new items only. Registering and taking the
    /// backlog happen under one lock, so nothing falls between them.
    /// </summary>
    public LiveSubscription Subscribe(LiveFilter filter, long? lastEventId)
    {
        lock (_gate)
        {
            var oldestKept = _window.Count > 0 ? _window.Peek().Id : _lastId + 1;
            LiveReset? reset = null;
            IReadOnlyList<LiveItem> backlog = [];
            if (lastEventId is { } last)
            {
                if (last > _lastId)
                {
                    reset = new LiveReset(LiveReset.UnknownEventId, last, null, null, oldestKept);
                    last = oldestKept - 1;
                }
                else if (last < oldestKept - 1)
                {
                    reset = new LiveReset(LiveReset.FellOutOfWindow, last, last + 1, oldestKept - 1, oldestKept);
                    last = oldestKept - 1;
                }

                backlog = [.. _window.Where(item => item.Id > last && filter.Matches(item))];
            }

            var subscription = new LiveSubscription(this, ++_subscriptionCount, filter, options.Value.ClientBufferSize, reset, backlog);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Completes once the hub receives from the cluster's streams.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    internal void MarkConnected() => _connected.TrySetResult();

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private LiveItem Append(string eventName, string? warehouseId, string? regionId, string? productId, byte[] data)
    {
        List<LiveSubscription>? dropped = null;
        LiveItem item;
        lock (_gate)
        {
            item = new LiveItem(++_lastId, eventName, warehouseId, regionId, productId, data);
            _window.Enqueue(item);
            while (_window.Count > options.Value.WindowSize)
            {
                _window.Dequeue();
            }

            foreach (var subscription in _subscriptions)
            {
                if (subscription.Filter.Matches(item) && !subscription.TryOffer(item))
                {
                    (dropped ??= []).Add(subscription);
                }
            }

            if (dropped is not null)
            {
                foreach (var subscription in dropped)
                {
                    _subscriptions.Remove(subscription);
                    subscription.Drop($"the client fell more than {options.Value.ClientBufferSize} items behind; reconnect with Last-Event-ID to resume");
                }
            }
        }

        foreach (var subscription in dropped ?? [])
        {
            LogClientDropped(subscription.Number, options.Value.ClientBufferSize, item.Id);
        }

        return item;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(json);
        return json;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Live-update client {Subscription} fell more than {Capacity} items behind at item {ItemId} and was dropped")]
    private partial void LogClientDropped(long subscription, int capacity, long itemId);
}
