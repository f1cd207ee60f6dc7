using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>Turns what producers send into stored events, and stored events into what consumers receive.</summary>
internal static class EventMessageCodec
{
    public static readonly AmqpSymbol PartitionKey = "x-opt-partition-key";
    public static readonly AmqpSymbol SequenceNumber = "x-opt-sequence-number";
    public static readonly AmqpSymbol Offset = "x-opt-offset";
    public static readonly AmqpSymbol EnqueuedTime = "x-opt-enqueued-time";

    /// <summary>The publisher endpoint an event was sent to, as the service sets it; only the emulator writes it.</summary>
    public static readonly AmqpSymbol Publisher = "x-opt-publisher";

    private static ReadOnlySpan<byte> PublisherBytes => "x-opt-publisher"u8;

    /// <summary>
    /// A batch is one message in the batch format whose Data sections are each a whole encoded event; any
    /// other message is a single event. The envelope's partition key applies to every event.
    /// </summary>
    public static (string? PartitionKey, List<PendingEvent> Events) Decode(AmqpMessage message)
    {
        string? partitionKey = null;
        message.MessageAnnotations?.Map.TryGetValue(PartitionKey, out partitionKey);
        var events = new List<PendingEvent>();
        if (message.MessageFormat == AmqpConstants.AmqpBatchedMessageFormat)
        {
            foreach (var data in message.DataBody ?? [])
            {
                var bytes = data.Value switch
                {
                    ArraySegment<byte> segment => segment.ToArray(),
                    byte[] array => array,
                    _ => [],
                };
                events.Add(new PendingEvent(partitionKey, bytes));
            }
        }
        else
        {
            using var stream = message.ToStream();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            events.Add(new PendingEvent(partitionKey, copy.ToArray()));
        }

        return (partitionKey, events);
    }

    /// <summary>
    /// The event to keep, with the publisher it was authenticated for in <c>x-opt-publisher</c>, or with no
    /// <c>x-opt-publisher</c> when it came through no publisher endpoint: whatever value a sender put there is
    /// replaced or dropped, so a consumer can trust it. An event without the annotation is kept as it was sent.
    /// </summary>
    public static byte[] WithPublisher(byte[] encoded, string? publisher)
    {
        if (publisher is null && encoded.AsSpan().IndexOf(PublisherBytes) < 0)
        {
            return encoded;
        }

        using var message = Rebuild(encoded, dropPublisher: true);
        if (publisher is not null)
        {
            message.MessageAnnotations.Map[Publisher] = publisher;
        }

        using var stream = message.ToStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The event as the producer encoded it (with the emulator's publisher stamp), plus the annotations the service adds on delivery.</summary>
    public static AmqpMessage ToDelivery(StoredEvent stored)
    {
        var message = Rebuild(stored.Message, dropPublisher: false);
        var annotations = message.MessageAnnotations.Map;
        annotations[SequenceNumber] = stored.SequenceNumber;
        annotations[Offset] = stored.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        annotations[EnqueuedTime] = stored.EnqueuedTimeUtc;
        if (stored.PartitionKey is not null)
        {
            annotations[PartitionKey] = stored.PartitionKey;
        }

        return message;
    }

    private static AmqpMessage Rebuild(byte[] encoded, bool dropPublisher)
    {
        // The event's sections are copied into a fresh message rather than patched in place, because a
        // message decoded from a buffer is sent back as the same bytes whatever is changed on it.
        var source = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(encoded)]));
        var sections = source.Sections;
        AmqpMessage message;
        if ((sections & SectionFlag.Data) != 0)
        {
            message = AmqpMessage.Create(source.DataBody.Select(d => new Data { Value = d.Value }).ToList());
        }
        else if ((sections & SectionFlag.AmqpValue) != 0)
        {
            message = AmqpMessage.Create(new AmqpValue { Value = source.ValueBody.Value });
        }
        else if ((sections & SectionFlag.AmqpSequence) != 0)
        {
            message = AmqpMessage.Create(source.SequenceBody.Select(s => new AmqpSequence(s.List)).ToList());
        }
        else
        {
            message = AmqpMessage.Create();
        }

        if ((sections & SectionFlag.Header) != 0)
        {
            message.Header.Durable = source.Header.Durable;
            message.Header.Priority = source.Header.Priority;
            message.Header.Ttl = source.Header.Ttl;
            message.Header.FirstAcquirer = source.Header.FirstAcquirer;
            message.Header.DeliveryCount = source.Header.DeliveryCount;
        }

        if ((sections & SectionFlag.Properties) != 0)
        {
            CopyProperties(source.Properties, message.Properties);
        }

        if ((sections & SectionFlag.ApplicationProperties) != 0)
        {
            message.ApplicationProperties = source.ApplicationProperties;
        }

        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            var annotations = message.MessageAnnotations.Map;
            foreach (var (key, value) in source.MessageAnnotations.Map)
            {
                // A symbol key as the spec has it, or a string key a hand-written client might use: both are dropped.
                if (!dropPublisher || !string.Equals(key.Key?.ToString(), Publisher.Value, StringComparison.Ordinal))
                {
                    annotations[key] = value;
                }
            }
        }

        return message;
    }

    private static void CopyProperties(Properties from, Properties to)
    {
        to.MessageId = from.MessageId;
        to.UserId = from.UserId;
        to.To = from.To;
        to.Subject = from.Subject;
        to.ReplyTo = from.ReplyTo;
        to.CorrelationId = from.CorrelationId;
        to.ContentType = from.ContentType;
        to.ContentEncoding = from.ContentEncoding;
        to.AbsoluteExpiryTime = from.AbsoluteExpiryTime;
        to.CreationTime = from.CreationTime;
        to.GroupId = from.GroupId;
        to.GroupSequence = from.GroupSequence;
        to.ReplyToGroupId = from.ReplyToGroupId;
    }
}
