using System.Threading.Channels;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// A producer's link to a hub, one partition or one publisher endpoint (<c>{hub}/Publishers/{publisher}</c>).
/// Messages are appended in the order they arrive on the link and each is settled only after its events are in the
/// log, so an accepted publish is never lost. Every event kept carries <c>x-opt-publisher</c> only when it came
/// through a publisher endpoint, set to that publisher: a value a sender wrote itself is replaced or dropped.
/// </summary>
internal sealed class PublisherLink(
    ReceivingAmqpLink link,
    EmulatedHub hub,
    PartitionLog? partition,
    string? publisher,
    LinkAuthorization authorization,
    long maxMessageSize,
    ILogger logger)
{
    private readonly Channel<AmqpMessage> _messages = Channel.CreateUnbounded<AmqpMessage>(new UnboundedChannelOptions { SingleReader = true });

    public void Start()
    {
        link.RegisterMessageListener(message => _messages.Writer.TryWrite(message));
        link.SafeAddClosed((_, _) => _messages.Writer.TryComplete());
        _ = Task.Run(ProcessAsync);
    }

    private async Task ProcessAsync()
    {
        await foreach (var message in _messages.Reader.ReadAllAsync())
        {
            using (message)
            {
                DeliveryState outcome;
                try
                {
                    outcome = Append(message);
                }
                catch (Exception exception)
                {
                    Log.PublishFailed(logger, exception, hub.Name);
                    outcome = Rejected(AmqpErrorCode.InternalError, $"The emulator could not append the events: {exception.Message}");
                }

                try
                {
                    link.DisposeMessage(message, outcome, true, false);
                }
                catch (Exception exception) when (exception is AmqpException or InvalidOperationException or ObjectDisposedException)
                {
                    // The producer went away before its publish was settled; the events are appended all the same,
                    // as with the real service.
                    Log.SettleFailed(logger, exception, hub.Name);
                }
            }
        }
    }

    private DeliveryState Append(AmqpMessage message)
    {
        if (!authorization.IsValid)
        {
            // As on the service: once the claim expires without a renewed token, the link is closed and the
            // message is not appended; the client reconnects and must present a valid token again.
            var error = new AmqpException(AmqpErrorCode.UnauthorizedAccess, authorization.ExpiredMessage);
            link.SafeClose(error);
            return Rejected(AmqpErrorCode.UnauthorizedAccess, authorization.ExpiredMessage);
        }

        if (message.SerializedMessageSize > maxMessageSize)
        {
            return Rejected(
                AmqpErrorCode.MessageSizeExceeded,
                $"The received message (delivery-id:{message.DeliveryId.Value}, size:{message.SerializedMessageSize} bytes) exceeds the limit ({maxMessageSize} bytes) currently allowed on the link.");
        }

        var (partitionKey, events) = EventMessageCodec.Decode(message);
        if (events.Count == 0)
        {
            return new Accepted();
        }

        if (publisher is not null)
        {
            // As on the service: a publisher's events are keyed by the publisher name; a different key is refused.
            if (partitionKey is not null && !partitionKey.Equals(publisher, StringComparison.OrdinalIgnoreCase))
            {
                return Rejected(
                    "com.microsoft:argument-error",
                    $"The partition key '{partitionKey}' does not match the publisher '{publisher}'; publish to a publisher endpoint with its name as the partition key, or none.");
            }

            partitionKey = publisher;
        }

        var kept = events.ConvertAll(e => new PendingEvent(partitionKey, EventMessageCodec.WithPublisher(e.Message, publisher)));
        var target = partition ?? hub.ChoosePartition(partitionKey);
        var stored = target.Append(kept);
        Log.Appended(logger, stored.Count, hub.Name, target.PartitionId, stored[^1].SequenceNumber);
        return new Accepted();
    }

    private static Rejected Rejected(AmqpSymbol condition, string description) =>
        new() { Error = new Error { Condition = condition, Description = description } };
}
