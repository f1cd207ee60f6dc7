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

    /// <summary>The event as the producer encoded it, plus the annotations the service adds on delivery.</summary>
    public static AmqpMessage ToDelivery(StoredEvent stored)
    {
        // The event's sections are copied into a fresh message rather than patched in place, because a
        // message decoded from a buffer is sent back as the same bytes whatever is changed on it.
        var source = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(stored.Message)]));
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

        var annotations = message.MessageAnnotations.Map;
        if ((sections & SectionFlag.MessageAnnotations) != 0)
        {
            foreach (var (key, value) in source.MessageAnnotations.Map)
            {
                annotations[key] = value;
            }
        }

        annotations[SequenceNumber] = stored.SequenceNumber;
        annotations[Offset] = stored.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        annotations[EnqueuedTime] = stored.EnqueuedTimeUtc;
        if (stored.PartitionKey is not null)
        {
            annotations[PartitionKey] = stored.PartitionKey;
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
