using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Routes one device's messages to the stock grains. Each message is parsed here (never in the pulling agent, so a
/// malformed one cannot poison a partition); its invalid parts are dead-lettered with partition and offset; its valid
/// events go to their product-at-warehouse grains, one call per grain, all in parallel. Only when every effect and
/// every dead letter is durable does the call return and the message count as done for the checkpoint.
/// </summary>
/// <remarks>
/// A failure (storage down) throws: Orleans delivers the message again, and what was already applied answers
/// duplicate. Stateless: the stock grains hold the dedupe, so a redelivery after a crash changes nothing twice.
/// </remarks>
[ImplicitStreamSubscription(DeviceStreamNames.Namespace)]
internal sealed partial class DeviceStreamGrain(
    IOptions<EventValidationOptions> validationOptions,
    [FromKeyedServices(InventoryClock.Key)] TimeProvider clock,
    InventoryMetrics metrics,
    ILogger<DeviceStreamGrain> logger) : Grain, IDeviceStreamGrain, IStreamSubscriptionObserver, IAsyncObserver<DeviceMessage>
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<DeviceMessage>().ResumeAsync(this);

    public async Task OnNextAsync(DeviceMessage message, StreamSequenceToken? token = null)
    {
        using var activity = StartActivity(message);
        var (parsed, unreadable) = Parse(message);
        var invalid = parsed.Where(p => p.Rejection is not null).Select(p => ToDeadLetter(message, p)).ToList();
        if (unreadable is not null)
        {
            invalid.Add(unreadable);
        }

        var valid = parsed.Where(p => p.Event is not null).Select(p => p.Event!).ToList();
        activity?.SetTag("inventory.events", valid.Count);
        activity?.SetTag("inventory.dead_letters", invalid.Count);

        var deadLettering = invalid.Count == 0 ? Task.CompletedTask : GrainFactory.AddDeadLettersAsync(invalid);
        var applying = Task.WhenAll(valid.GroupBy(e => e.Key).Select(group => GrainFactory.GetGrain<IStockGrain>(group.Key.GrainKey).ApplyAsync([.. group])));
        await Task.WhenAll(applying, deadLettering);

        metrics.DeviceMessageDone(invalid.Count);
        if (invalid.Count > 0)
        {
            LogDeadLettered(invalid.Count, message.Partition, message.Offset, this.GetPrimaryKeyString());
        }

        await GrainFactory.GetGrain<IStreamProgressGrain>(message.Partition).CompletedAsync(message.SequenceNumber);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(this.GetPrimaryKeyString(), ex);
        return Task.CompletedTask;
    }

    /// <summary>The events of the body, or (when the body is not one event or a non-empty array of them) a dead letter.</summary>
    private (IReadOnlyList<ParsedEvent> Parsed, DeadLetter? Unreadable) Parse(DeviceMessage message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 0)
            {
                return ([], Unreadable(message, "the message must be one event object or a non-empty array of event objects"));
            }

            return (InventoryEventParser.ParseBatch(root, clock.GetUtcNow(), validationOptions.Value), null);
        }
        catch (JsonException exception)
        {
            return ([], Unreadable(message, $"the message body is not valid JSON: {exception.Message}"));
        }
    }

    /// <summary>Stable ids (partition and sequence number), so a message read again adds no second letter.</summary>
    private DeadLetter Unreadable(DeviceMessage message, string reason) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}", clock.GetUtcNow(), RejectionCodes.MalformedMessage, null, reason,
            message.Source, DeadLetter.CutPayload(Text(message.Body)), null, null, null);

    private DeadLetter ToDeadLetter(DeviceMessage message, ParsedEvent p) =>
        new($"eh:{message.Partition}:{message.SequenceNumber}:{p.Index}", clock.GetUtcNow(), p.Rejection!.Code, p.Rejection.Field,
            p.Rejection.Reason, $"{message.Source}#{p.Index}", DeadLetter.CutPayload(p.Raw), p.EventId, p.ProductId, p.WarehouseId);

    private static string Text(byte[] body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(body);
        }
    }

    /// <summary>Continues the trace the device started when it sent the message (its context travels on the message).</summary>
    private Activity? StartActivity(DeviceMessage message)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        var activity = InventoryTelemetry.ActivitySource.StartActivity("device_message process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.partition.id", message.Partition);
        activity?.SetTag("messaging.eventhubs.offset", message.Offset);
        activity?.SetTag("messaging.eventhubs.sequence_number", message.SequenceNumber);
        activity?.SetTag("inventory.device_id", message.DeviceId);
        return activity;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Dead-lettered {Count} item(s) of the message at partition {Partition} offset {Offset} (device stream {StreamKey})")]
    private partial void LogDeadLettered(int count, string partition, string offset, string streamKey);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Device stream {StreamKey} reported an error")]
    private partial void LogStreamError(string streamKey, Exception exception);
}
