using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.EventHubsEmulator.Security;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// Decides what each link a client attaches is: a request or reply link of $cbs or $management, a producer
/// of a hub or partition, or a consumer of a partition in a consumer group. A link that may not exist is
/// refused while it is created, so the client sees the attach answered by a detach carrying the error.
/// </summary>
internal sealed class EmulatorRuntimeProvider(
    EventHubCatalog catalog,
    CbsNode cbs,
    ManagementNode management,
    EventHubsEmulatorOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IRuntimeProvider
{
    private static readonly AmqpSymbol OwnerLevel = "com.microsoft:epoch";

    /// <summary>The longest publisher name accepted (the silo's device ids are bounded the same).</summary>
    public const int MaxPublisherLength = 128;
    private readonly ConcurrentDictionary<AmqpConnection, ConnectionContext> _connections = new();
    private readonly ConcurrentDictionary<AmqpLink, Action> _startOnOpen = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Orleans.Inventory.EventHubsEmulator");
    private int _activeReaders;

    /// <summary>Consumer links attached and not yet closed; tests wait on it before publishing to "latest".</summary>
    public int ActiveReaderCount => Volatile.Read(ref _activeReaders);

    public ICollection<AmqpConnection> Connections => _connections.Keys;

    public void Track(AmqpConnection connection)
    {
        _connections.TryAdd(connection, new ConnectionContext(connection, time));
        connection.SafeAddClosed((sender, args) => _connections.TryRemove((AmqpConnection)sender!, out var _));
    }

    public AmqpConnection CreateConnection(
        TransportBase transport,
        ProtocolHeader protocolHeader,
        bool isInitiator,
        AmqpSettings amqpSettings,
        AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        var context = _connections.GetOrAdd(session.Connection, c => new ConnectionContext(c, time));
        var serverReceives = settings.Role ?? false;
        var address = serverReceives
            ? (settings.Target as Target)?.Address?.ToString()
            : (settings.Source as Source)?.Address?.ToString();
        if (string.IsNullOrEmpty(address))
        {
            throw new AmqpException(AmqpErrorCode.InvalidField, "The link has no address.");
        }

        var node = address.Trim('/') switch
        {
            var a when a.Equals(CbsNode.Address, StringComparison.OrdinalIgnoreCase) => (RequestResponseNode)cbs,
            var a when a.Equals(ManagementNode.Address, StringComparison.OrdinalIgnoreCase) => management,
            _ => null,
        };

        if (node is not null)
        {
            if (serverReceives)
            {
                var requests = new ReceivingAmqpLink(session, settings);
                StartOnOpen(requests, () => node.AttachRequestLink(requests, context));
                return requests;
            }

            var replies = new SendingAmqpLink(session, settings);
            StartOnOpen(replies, () => node.AttachReplyLink(replies, context));
            return replies;
        }

        return serverReceives ? CreatePublisher(session, settings, address, context) : CreateConsumer(session, settings, address, context);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        if (_startOnOpen.TryRemove(link, out var start))
        {
            start();
        }

        return CompletedAsyncResult.Complete(callback, state);
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    private ReceivingAmqpLink CreatePublisher(AmqpSession session, AmqpLinkSettings settings, string address, ConnectionContext context)
    {
        var segments = Segments(address);
        var hub = FindHub(segments[0], address);
        PartitionLog? partition = null;
        string? publisher = null;
        if (segments.Length == 3 && segments[1].Equals("Partitions", StringComparison.OrdinalIgnoreCase))
        {
            partition = FindPartition(hub, segments[2], address);
        }
        else if (segments.Length == 3 && segments[1].Equals("Publishers", StringComparison.OrdinalIgnoreCase))
        {
            // Publisher names are part of an entity path, and entity paths compare without case.
            publisher = segments[2].ToLowerInvariant();
            if (publisher.Length > MaxPublisherLength)
            {
                throw new AmqpException("com.microsoft:argument-error", $"The publisher name in '{address}' is longer than {MaxPublisherLength} characters.");
            }
        }
        else if (segments.Length != 1)
        {
            throw NotFound(address);
        }

        var entityPath = EntityPath.Normalize(address);
        Authorize(context, address, entityPath, SharedAccessRight.Send);
        settings.MaxMessageSize = (ulong)options.MaxMessageSizeBytes;
        var link = new ReceivingAmqpLink(session, settings);
        var producer = new PublisherLink(link, hub, partition, publisher, new LinkAuthorization(context, entityPath, SharedAccessRight.Send), options.MaxMessageSizeBytes, _logger);
        StartOnOpen(link, producer.Start);
        Log.LinkAttached(_logger, "producer", address);
        return link;
    }

    private SendingAmqpLink CreateConsumer(AmqpSession session, AmqpLinkSettings settings, string address, ConnectionContext context)
    {
        var segments = Segments(address);
        if (segments.Length != 5
            || !segments[1].Equals("ConsumerGroups", StringComparison.OrdinalIgnoreCase)
            || !segments[3].Equals("Partitions", StringComparison.OrdinalIgnoreCase))
        {
            throw NotFound(address);
        }

        var hub = FindHub(segments[0], address);
        var consumerGroup = segments[2];
        if (!hub.HasConsumerGroup(consumerGroup))
        {
            throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{hub.Name}/ConsumerGroups/{consumerGroup}' could not be found.");
        }

        var partition = FindPartition(hub, segments[4], address);
        var entityPath = EntityPath.Normalize(address);
        Authorize(context, address, entityPath, SharedAccessRight.Listen);

        var position = StartPositionFilter.Parse((settings.Source as Source)?.FilterSet, out var filterError)
            ?? throw new AmqpException("com.microsoft:argument-error", filterError);
        long? ownerLevel = ReadOwnerLevel(settings.Properties);

        var link = new SendingAmqpLink(session, settings);
        var consumer = new ConsumerLink(link, hub, consumerGroup, partition, partition.Resolve(position), new LinkAuthorization(context, entityPath, SharedAccessRight.Listen), _logger);
        var refusal = hub.Owners.TryRegister(consumerGroup, partition.PartitionId, ownerLevel, consumer, consumer.Disconnect);
        if (refusal is not null)
        {
            // A client aborts (rather than reports) a link refused as stolen during its attach, so the service
            // completes the attach and detaches at once; the SDKs then raise their "consumer disconnected" error.
            Log.LinkRefused(_logger, address, refusal);
            link.Opened += (sender, args) => link.SafeClose(new AmqpException(AmqpErrorCode.Stolen, refusal));
            return link;
        }

        consumer.ReleaseOnClose();
        Interlocked.Increment(ref _activeReaders);
        link.SafeAddClosed((sender, args) => Interlocked.Decrement(ref _activeReaders));
        StartOnOpen(link, consumer.Start);
        Log.LinkAttached(_logger, "consumer", address);
        return link;
    }

    // The .NET and Java SDKs send the owner level as a long; other clients send whatever integer type their
    // encoder picks.
    private static long? ReadOwnerLevel(Fields? properties) =>
        properties?[OwnerLevel] switch
        {
            long value => value,
            int value => value,
            short value => value,
            sbyte value => value,
            uint value => value,
            ulong value when value <= long.MaxValue => (long)value,
            _ => null,
        };

    private void StartOnOpen(AmqpLink link, Action start)
    {
        _startOnOpen[link] = start;
        link.SafeAddClosed((sender, args) => _startOnOpen.TryRemove(link, out var _));
    }

    private EmulatedHub FindHub(string name, string address) => catalog.Find(name) ?? throw NotFound(address);

    private static PartitionLog FindPartition(EmulatedHub hub, string partitionId, string address) =>
        hub.FindPartition(partitionId) ?? throw NotFound(address);

    private void Authorize(ConnectionContext context, string address, string entityPath, SharedAccessRight right)
    {
        if (context.IsAuthorized(entityPath, right))
        {
            return;
        }

        // A token that covers the entity but whose key lacks the right (a Send-only key opening a reader) is told so.
        var reason = context.HoldsClaim(entityPath)
            ? $"the token's key does not have the {right} right"
            : "no valid token was put on $cbs for it";
        Log.LinkRefused(_logger, address, reason);
        throw new AmqpException(AmqpErrorCode.UnauthorizedAccess, $"Unauthorized access to '{address}': {reason}. status-code: 401");
    }

    private static string[] Segments(string address) =>
        EntityPath.Normalize(address) is { Length: > 0 } path
            ? RestoreCase(address, path).Split('/')
            : [string.Empty];

    // Normalize lowercases; consumer group names keep their case in messages, so take the original spelling.
    private static string RestoreCase(string address, string normalized)
    {
        var trimmed = address.Trim().TrimEnd('/');
        return trimmed[^normalized.Length..];
    }

    private static AmqpException NotFound(string address) =>
        new(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found. status-code: 404");
}
