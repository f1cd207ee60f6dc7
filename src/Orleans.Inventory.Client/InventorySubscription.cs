using System.Threading.Channels;
using Orleans.Streams;

namespace Orleans.Inventory.Client;

/// <summary>
/// A live subscription to one of the cluster's feeds (its one stream, or all shards of it), read with <c>await foreach</c>. It is in place when the
/// task that returned it completes (items published before that are not delivered); dispose it to unsubscribe.
/// </summary>
/// <typeparam name="T">The stream's item: a <see cref="Notifications.Notification"/> or a <see cref="Notifications.StockChange"/>.</typeparam>
/// <remarks>
/// Items wait in a buffer of <see cref="BufferSize"/> for the reader. When the reader stops reading, the cluster's
/// delivery to this subscription waits too (only this one: other subscribers are not held up), and may give up
/// and end the enumeration with an error after the stream provider's delivery timeout.
/// </remarks>
public sealed class InventorySubscription<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    /// <summary>How many received items may wait for the reader.</summary>
    public const int BufferSize = 1000;

    private readonly Channel<T> _items = Channel.CreateBounded<T>(new BoundedChannelOptions(BufferSize) { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private IReadOnlyList<StreamSubscriptionHandle<T>>? _handles;

    private InventorySubscription()
    {
    }

    /// <summary>Subscribes to every one of <paramref name="streams"/> (the shards of one feed), read as one sequence.</summary>
    internal static async Task<InventorySubscription<T>> StartAsync(IReadOnlyList<IAsyncStream<T>> streams)
    {
        var subscription = new InventorySubscription<T>();
        var handles = new List<StreamSubscriptionHandle<T>>(streams.Count);
        try
        {
            foreach (var stream in streams)
            {
                handles.Add(await stream.SubscribeAsync(subscription.OnNextAsync, subscription.OnErrorAsync, subscription.OnCompletedAsync));
            }
        }
        catch
        {
            await Task.WhenAll(handles.Select(handle => handle.UnsubscribeAsync()));
            throw;
        }

        subscription._handles = handles;
        return subscription;
    }

    /// <summary>Items in the order each stream delivers them (one record's changes are on one stream, so in order); ends when the subscription is disposed or the stream ends.</summary>
    /// <param name="cancellationToken">Stops this enumeration (the subscription stays until disposed).</param>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        _items.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Unsubscribes from the stream and ends the enumeration (items still buffered are discarded).</summary>
    public async ValueTask DisposeAsync()
    {
        var handles = Interlocked.Exchange(ref _handles, null);
        if (handles is null)
        {
            return;
        }

        await _closed.CancelAsync();
        _items.Writer.TryComplete();

        // What waits in the buffer is not read after disposal: the enumeration ends now, not after the backlog.
        while (_items.Reader.TryRead(out _))
        {
        }

        await Task.WhenAll(handles.Select(handle => handle.UnsubscribeAsync()));
    }

    private async Task OnNextAsync(T item, StreamSequenceToken? token)
    {
        try
        {
            await _items.Writer.WriteAsync(item, _closed.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // Disposed while the item waited: nobody reads any more.
        }
    }

    private Task OnErrorAsync(Exception exception)
    {
        _items.Writer.TryComplete(exception);
        return Task.CompletedTask;
    }

    private Task OnCompletedAsync()
    {
        _items.Writer.TryComplete();
        return Task.CompletedTask;
    }
}
