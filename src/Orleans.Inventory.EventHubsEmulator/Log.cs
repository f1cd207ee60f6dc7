using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>The emulator's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Event Hubs emulator listening on {Endpoint}, serving {HubCount} hub(s), data in {DataDirectory}")]
    public static partial void Started(ILogger logger, string endpoint, int hubCount, string dataDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Event Hubs emulator on {Endpoint} stopped")]
    public static partial void Stopped(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Attached {Role} link to {Address}")]
    public static partial void LinkAttached(ILogger logger, string role, string address);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Refused link to {Address}: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Refused token for audience {Audience}: {Reason}")]
    public static partial void TokenRefused(ILogger logger, string? audience, string? reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Appended {Count} event(s) to {Hub}/{PartitionId}, last sequence number {SequenceNumber}")]
    public static partial void Appended(ILogger logger, int count, string hub, string partitionId, long sequenceNumber);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Publishing to {Hub} failed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string hub);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Could not settle a publish to {Hub}; the producer left")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string hub);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Reader of {Hub}/{ConsumerGroup}/{PartitionId} disconnected: {Reason}")]
    public static partial void ReaderDisconnected(ILogger logger, string hub, string consumerGroup, string partitionId, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "Reader of {Hub}/{PartitionId} stopped")]
    public static partial void ReaderStopped(ILogger logger, Exception exception, string hub, string partitionId);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Request to {Node} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string node);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "No reply link on {Node} for reply-to {ReplyTo}; the reply is dropped")]
    public static partial void NoReplyLink(ILogger logger, string node, string? replyTo);

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Connection from a client failed to open")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception);
}
