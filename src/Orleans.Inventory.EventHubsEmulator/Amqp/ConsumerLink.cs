using Microsoft.Azure.Amqp;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// A consumer's link to one partition of a consumer group. It sends events from its position on as long as
/// the client grants credit, and waits for appends or credit otherwise.
/// </summary>
internal sealed class ConsumerLink(
    SendingAmqpLink link,
    EmulatedHub hub,
    string consumerGroup,
    PartitionLog partition,
    long startSequenceNumber,
    LinkAuthorization authorization,
    ILogger logger)
{
    // Bounds what one pass puts in flight, whatever credit the client grants.
    private const int MaxBatch = 500;

    // Credit granted before the link reports it (the first flow of a link) is caught by this slow poll.
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _signalLock = new();
    private TaskCompletionSource _credit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next = startSequenceNumber;
    private long _tag;

    /// <summary>Releases the reader's ownership when the link closes, whether or not it ever opened.</summary>
    public void ReleaseOnClose() =>
        link.SafeAddClosed((_, _) =>
        {
            hub.Owners.Unregister(consumerGroup, partition.PartitionId, this);
            _closed.Cancel();
        });

    public void Start()
    {
        link.RegisterCreditListener((_, _, _) => SignalCredit());
        _ = Task.Run(PumpAsync);
    }

    /// <summary>Closes the link because a reader with a higher owner level took the partition over.</summary>
    public void Disconnect(string reason)
    {
        Log.ReaderDisconnected(logger, hub.Name, consumerGroup, partition.PartitionId, reason);
        link.SafeClose(new AmqpException(AmqpErrorCode.Stolen, reason));
    }

    private void SignalCredit()
    {
        TaskCompletionSource signal;
        lock (_signalLock)
        {
            signal = _credit;
            _credit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private async Task PumpAsync()
    {
        var token = _closed.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                Task credit;
                lock (_signalLock)
                {
                    credit = _credit.Task;
                }

                if (!authorization.IsValid)
                {
                    link.SafeClose(new AmqpException(AmqpErrorCode.UnauthorizedAccess, authorization.ExpiredMessage));
                    return;
                }

                var appended = partition.Appended;
                var room = Math.Min((long)link.LinkCredit - link.Available, MaxBatch);
                if (room > 0 && link.State == AmqpObjectState.Opened)
                {
                    var events = partition.Read(_next, (int)room);
                    if (events.Count > 0)
                    {
                        foreach (var stored in events)
                        {
                            var tag = BitConverter.GetBytes(Interlocked.Increment(ref _tag));
                            link.SendMessageNoWait(EventMessageCodec.ToDelivery(stored), new ArraySegment<byte>(tag), AmqpConstants.NullBinary);
                        }

                        _next = events[^1].SequenceNumber + 1;
                        continue;
                    }

                    // Events trimmed by retention are skipped the way the service skips them.
                    _next = Math.Max(_next, partition.Snapshot().BeginSequenceNumber);
                }

                await Task.WhenAny(credit, appended, Task.Delay(IdleRecheck, token));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is AmqpException or InvalidOperationException or ObjectDisposedException)
        {
            Log.ReaderStopped(logger, exception, hub.Name, partition.PartitionId);
        }
    }
}
