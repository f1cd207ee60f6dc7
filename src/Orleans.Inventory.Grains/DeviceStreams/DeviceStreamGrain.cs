using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Telemetry;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Consumes one device stream (key <c>{partition}/{n}</c>): each delivery is a batch of up to
/// <see cref="DeviceStreamOptions.MaxMessagesPerDelivery"/> messages of many devices. Their events are grouped by
/// product-at-warehouse across the whole batch (one <see cref="IStockGrain.ApplyAsync"/> per key, all in parallel, in
/// message order within a key); invalid parts are dead-lettered with partition and offset. A message counts as done for
/// the checkpoint only when every stock call and dead letter it contributed to is durable.
/// </summary>
/// <remarks>
/// A failed call throws the delivery back to Orleans, which delivers the same batch again after a back-off; what is
/// done already is not redone, and what was applied answers duplicate anyway (the stock grains hold the dedupe, so any
/// activation may deliver any message again). After a failure the still-open messages are applied one message at a
/// time, so one poison message cannot keep failing its neighbours. A message that has failed at least
/// <see cref="DeviceStreamOptions.PoisonAfterAttempts"/> times over at least <see cref="DeviceStreamOptions.PoisonAfter"/>
/// is dead-lettered whole (partition, sequence number, body) and done: the stream and the checkpoint move on. Calls that
/// timed out or never reached a grain (a silo gone) do not count: a slow grain stalls its stream, it is never poison.
/// </remarks>
[ImplicitStreamSubscription(DeviceStreamNames.Namespace)]
[PreferLocalPlacement]
internal sealed partial class DeviceStreamGrain(
    IOptions<EventValidationOptions> validationOptions,
    IOptions<DeviceStreamOptions> streamOptions,
    [FromKeyedServices(InventoryClock.Key)] TimeProvider clock,
    TimeProvider time,
    InventoryMetrics metrics,
    DeviceStreamMetrics streamMetrics,
    StockCallAdmission admission,
    DeviceBinding binding,
    WarningGate warnings,
    SystemCaller systemCaller,
    ILogger<DeviceStreamGrain> logger) : Grain, IDeviceStreamGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<DeviceMessage>
{
    // Both bounded by one batch: entries of messages no longer delivered are dropped at the start of each delivery.
    private readonly Dictionary<long, DeliveryFailure> _failing = [];
    private readonly HashSet<long> _done = [];

    /// <summary>The envelope subject of the stock calls the stream consumer makes.</summary>
    public const string StreamActor = "system:stream";

    private string StreamKey => this.GetPrimaryKeyString();

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<DeviceMessage>().ResumeAsync(this);

    public async Task OnNextAsync(IList<SequentialItem<DeviceMessage>> items)
    {
        // Everything this delivery causes (stock calls, dead letters) is sent as the silo's stream consumer.
        systemCaller.Use(StreamActor, CallerContext.Stream);
        var delivered = items.Select(item => item.Item.SequenceNumber).ToHashSet();
        _done.IntersectWith(delivered);
        foreach (var gone in _failing.Keys.Where(sequence => !delivered.Contains(sequence)).ToList())
        {
            _failing.Remove(gone);
        }

        streamMetrics.Delivered(items.Count);
        var now = clock.GetUtcNow();
        var open = items.Select(item => item.Item).Where(message => !_done.Contains(message.SequenceNumber))
            .Select(message => DeviceMessageReader.Read(message, now, validationOptions.Value, binding)).ToList();
        var activities = open.ToDictionary(content => content.Message.SequenceNumber, content => StartActivity(content.Message));
        try
        {
            var failures = await ApplyAsync(open, activities, isolate: _failing.Count > 0);
            var applied = open.Where(content => !failures.ContainsKey(content.Message.SequenceNumber)).ToList();
            var done = new List<DeviceMessageContent>(applied);
            var poison = RecordFailures(open, failures);
            if (poison.Count > 0 && await TryDeadLetterAsync(poison))
            {
                done.AddRange(poison.Select(p => p.Content));
            }

            await CompleteAsync(done);
            RecordEventAges(applied);
            if (done.Count < open.Count)
            {
                var stillOpen = open.Count - done.Count;
                streamMetrics.DeliveryFailed(stillOpen);
                var error = failures.Values.First();
                if (warnings.ShouldLog(4003, StreamKey, out var suppressed))
                {
                    LogDeliveryFailed(StreamKey, stillOpen, open.Count, suppressed + 1, error);
                }

                throw new DeviceDeliveryException($"{stillOpen} of {open.Count} message(s) of device stream {StreamKey} are not durable yet; the delivery is tried again.", error);
            }

            _failing.Clear();
            _done.Clear();
        }
        finally
        {
            foreach (var activity in activities.Values)
            {
                activity?.Dispose();
            }
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        // Orleans gave up on a delivery (MaxDeliveryTime passed, or its cache no longer had the messages) and skips it.
        // The skipped messages were never reported done, so they hold the checkpoint; deactivating drops this
        // subscription's handshake memory, so a later read of the partition delivers them again instead of skipping them.
        streamMetrics.DeliveryAbandoned(ex.GetType().Name);
        LogStreamError(StreamKey, ex);
        _failing.Clear();
        _done.Clear();
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Applies the valid events and dead-letters the invalid parts of <paramref name="contents"/>; answers, for each
    /// message that is not durable, why. One call per key for the whole batch, or per key and message when isolating.
    /// </summary>
    private async Task<Dictionary<long, Exception>> ApplyAsync(IReadOnlyList<DeviceMessageContent> contents, Dictionary<long, Activity?> activities, bool isolate)
    {
        var calls = contents
            .SelectMany(content => content.Valid.Select(e => (content.Message.SequenceNumber, Event: e)))
            .GroupBy(item => isolate ? (item.Event.Key, item.SequenceNumber) : (item.Event.Key, 0L))
            .Select(group => (Messages: group.Select(item => item.SequenceNumber).Distinct().ToList(), Events: group.Select(item => item.Event).ToList()))
            .Select(call => (call.Messages, Result: CallAsync(call.Events, activities[call.Messages[0]])))
            .ToList();
        var letters = contents.SelectMany(content => content.Invalid).ToList();
        var deadLettering = letters.Count == 0 ? Task.CompletedTask : GrainFactory.AddDeadLettersAsync(letters);
        var denied = contents.SelectMany(content => content.Denied).ToList();
        var auditing = denied.Count == 0 ? Task.CompletedTask : AuditAsync(denied);

        var failures = new Dictionary<long, Exception>();
        foreach (var (messages, result) in calls)
        {
            if (await result is { } failure)
            {
                foreach (var sequence in messages)
                {
                    failures.TryAdd(sequence, failure);
                }
            }
        }

        try
        {
            // A refused event counts as done only once both its dead letter and its audit record are durable.
            await Task.WhenAll(deadLettering, auditing);
            foreach (var content in contents.Where(content => content.Invalid.Count > 0))
            {
                metrics.DeviceMessageDone(content.Invalid.Count);
                if (warnings.ShouldLog(4001, content.Message.Partition, out var suppressed))
                {
                    LogDeadLettered(content.Invalid.Count, content.Message.Partition, content.Message.Offset, StreamKey, suppressed + 1);
                }
            }

            foreach (var content in contents.Where(content => content.Denied.Count > 0))
            {
                var refused = content.Denied.Sum(record => record.Count);
                streamMetrics.ForbiddenWarehouse(refused);
                if (warnings.ShouldLog(4006, content.Message.Partition, out var suppressed))
                {
                    LogForbiddenWarehouse(content.Denied[0].Actor, refused, content.Message.Partition, content.Message.Offset, suppressed + 1);
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var content in contents.Where(content => content.Invalid.Count > 0 || content.Denied.Count > 0))
            {
                failures.TryAdd(content.Message.SequenceNumber, exception);
            }
        }

        return failures;
    }

    /// <summary>Appends denied attempts to the audit feed, to each record's day, in bounded appends.</summary>
    private Task AuditAsync(List<AuditRecord> records) =>
        Task.WhenAll(records.GroupBy(record => AuditRules.DayOf(record.Time))
            .SelectMany(day => day.Chunk(AuditRules.MaxAppend).Select(chunk => GrainFactory.GetGrain<IAuditDayGrain>(day.Key).AppendAsync(chunk))));

    private async Task<Exception?> CallAsync(List<InventoryEvent> events, Activity? parent)
    {
        try
        {
            // Room first (the silo's bound on events in stock calls), so overload waits here, not in the stock grains.
            using var room = await admission.EnterAsync(events.Count);
            streamMetrics.StockCall(events.Count);
            // The call carries the trace of the first message that contributed to it (Orleans propagates Activity.Current).
            var previous = Activity.Current;
            Task<IReadOnlyList<EventResult>> call;
            Activity.Current = parent ?? previous;
            try
            {
                // Signed as the silo's stream consumer; each entry is recorded for its device (the stock grain takes
                // the actor of a stream event from it).
                systemCaller.Use(StreamActor, CallerContext.Stream);
                call = GrainFactory.GetGrain<IStockGrain>(events[0].Key.GrainKey).ApplyAsync(events);
            }
            finally
            {
                Activity.Current = previous;
            }

            await call;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>Counts this failure of each failed message; answers those that are poison now.</summary>
    private List<(DeviceMessageContent Content, DeliveryFailure Failure)> RecordFailures(
        IReadOnlyList<DeviceMessageContent> contents, Dictionary<long, Exception> failures)
    {
        var now = time.GetUtcNow();
        var options = streamOptions.Value;
        var poison = new List<(DeviceMessageContent, DeliveryFailure)>();
        foreach (var content in contents)
        {
            if (!failures.TryGetValue(content.Message.SequenceNumber, out var error))
            {
                _failing.Remove(content.Message.SequenceNumber);
                continue;
            }

            // Only what the grain itself threw says something about the message; a timeout, a silo that is gone or no
            // room in this silo (DeviceDeliveryException, from StockCallAdmission) does not.
            var counts = error is not (TimeoutException or OrleansException or DeviceDeliveryException);
            var earlier = _failing.GetValueOrDefault(content.Message.SequenceNumber) ?? new DeliveryFailure(0, null, error);
            var failure = counts
                ? earlier with { Attempts = earlier.Attempts + 1, FirstFailedAt = earlier.FirstFailedAt ?? now, LastError = error }
                : earlier with { LastError = error };
            _failing[content.Message.SequenceNumber] = failure;
            if (failure.Attempts >= options.PoisonAfterAttempts && now - failure.FirstFailedAt >= options.PoisonAfter)
            {
                poison.Add((content, failure));
            }
        }

        return poison;
    }

    /// <summary>Dead-letters poison messages whole; true when the letters are durable (else they stay failing).</summary>
    private async Task<bool> TryDeadLetterAsync(List<(DeviceMessageContent Content, DeliveryFailure Failure)> poison)
    {
        var now = time.GetUtcNow();
        var letters = poison.Select(p => DeviceMessageReader.Undeliverable(p.Content.Message, clock.GetUtcNow(),
            $"delivery failed {p.Failure.Attempts} times over {(now - p.Failure.FirstFailedAt!.Value).TotalSeconds:0.#} s (partition {p.Content.Message.Partition}, sequence {p.Content.Message.SequenceNumber}); last error: {p.Failure.LastError.GetType().Name}: {p.Failure.LastError.Message}",
            p.Content.Valid.Count > 0 ? p.Content.Valid[0].Key : null)).ToList();
        try
        {
            await GrainFactory.AddDeadLettersAsync(letters);
        }
        catch (Exception exception)
        {
            if (warnings.ShouldLog(4005, StreamKey, out var suppressed))
            {
                LogPoisonDeadLetterFailed(StreamKey, poison.Count, suppressed + 1, exception);
            }

            return false;
        }

        foreach (var (content, failure) in poison)
        {
            _failing.Remove(content.Message.SequenceNumber);
            streamMetrics.PoisonDeadLettered(content.Message.Partition);
            if (warnings.ShouldLog(4004, content.Message.Partition, out var suppressed))
            {
                LogPoisonDeadLettered(content.Message.Partition, content.Message.SequenceNumber, content.Message.Offset, failure.Attempts,
                    now - failure.FirstFailedAt!.Value, StreamKey, suppressed + 1, failure.LastError);
            }
        }

        return true;
    }

    /// <summary>Reports messages done (one call for the batch), so the checkpoint may pass them.</summary>
    private async Task CompleteAsync(List<DeviceMessageContent> done)
    {
        if (done.Count == 0)
        {
            return;
        }

        await Task.WhenAll(done.GroupBy(content => content.Message.Partition).Select(partition =>
            GrainFactory.GetGrain<IStreamProgressGrain>(partition.Key).CompletedAsync([.. partition.Select(content => content.Message.SequenceNumber)])));
        var now = time.GetUtcNow();
        foreach (var content in done)
        {
            _done.Add(content.Message.SequenceNumber);
            streamMetrics.Applied(now - content.Message.EnqueuedAt);
        }
    }

    /// <summary>
    /// Event time -> applied, per valid event of the messages whose stock calls are durable (not of messages passed as
    /// poison: their events were not applied). Measured on the inventory clock, which judges event times.
    /// </summary>
    private void RecordEventAges(List<DeviceMessageContent> applied)
    {
        var now = clock.GetUtcNow();
        foreach (var e in applied.SelectMany(content => content.Valid))
        {
            streamMetrics.EventApplied(now - e.Timestamp);
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
        Message = "Dead-lettered {Count} item(s) of the message at partition {Partition} offset {Offset} (device stream {StreamKey}); {Occurrences} message(s) with invalid items since the last such line")]
    private partial void LogDeadLettered(int count, string partition, string offset, string streamKey, long occurrences);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning,
        Message = "Refused {Count} event(s) from {Actor} at partition {Partition} offset {Offset} for warehouse(s) it is not bound to (dead-lettered forbidden_warehouse, audited); {Occurrences} such message(s) since the last such line")]
    private partial void LogForbiddenWarehouse(string actor, long count, string partition, string offset, long occurrences);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "Orleans gave up a delivery on device stream {StreamKey}; its messages hold the checkpoint until the partition is read again")]
    private partial void LogStreamError(string streamKey, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Device stream {StreamKey}: {Failed} of {Delivered} message(s) not durable, delivery tried again; {Occurrences} failed deliveries since the last such line")]
    private partial void LogDeliveryFailed(string streamKey, int failed, int delivered, long occurrences, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "Dead-lettered the message at partition {Partition} sequence {SequenceNumber} offset {Offset} after {Attempts} failed deliveries over {Elapsed} (device stream {StreamKey}); the stream moves on. {Occurrences} such message(s) in this partition since the last such line")]
    private partial void LogPoisonDeadLettered(string partition, long sequenceNumber, string offset, int attempts, TimeSpan elapsed, string streamKey, long occurrences, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error,
        Message = "Device stream {StreamKey}: could not dead-letter {Count} message(s) that keep failing; they stay open and are tried again. {Occurrences} such failures since the last such line")]
    private partial void LogPoisonDeadLetterFailed(string streamKey, int count, long occurrences, Exception exception);
}
