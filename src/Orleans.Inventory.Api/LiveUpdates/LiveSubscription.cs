using System.Threading.Channels;

namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// One client's place in the live-update stream: what to tell it first (a reset, the kept items it missed), then its
/// own bounded queue of new items. Disposing it leaves the hub.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveUpdateHub _hub;
    private readonly Channel<LiveItem> _queue;

    internal LiveSubscription(LiveUpdateHub hub, long number, LiveFilter filter, int capacity, LiveReset? reset, IReadOnlyList<LiveItem> backlog)
    {
        _hub = hub;
        Number = number;
        Filter = filter;
        Reset = reset;
        Backlog = backlog;
        _queue = Channel.CreateBounded<LiveItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Numbers subscriptions in this process, for logs.</summary>
    public long Number { get; }

    public LiveFilter Filter { get; }

    /// <summary>Set when the client cannot resume exactly where its <c>Last-Event-ID</c> says.</summary>
    public LiveReset? Reset { get; }

    /// <summary>Kept items after the client's <c>Last-Event-ID</c> that match its filter, oldest first.</summary>
    public IReadOnlyList<LiveItem> Backlog { get; }

    /// <summary>New items, in id order. Completes when the client was dropped (see <see cref="DropReason"/>).</summary>
    public ChannelReader<LiveItem> Items => _queue.Reader;

    /// <summary>Why the hub stopped feeding this client, when it did.</summary>
    public string? DropReason { get; private set; }

    public void Dispose() => _hub.Remove(this);

    /// <summary>Called by the hub under its lock; never waits.</summary>
    internal bool TryOffer(LiveItem item) => _queue.Writer.TryWrite(item);

    internal void Drop(string reason)
    {
        DropReason = reason;
        _queue.Writer.TryComplete();
    }
}
