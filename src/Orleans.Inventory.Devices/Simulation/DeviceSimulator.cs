using System.Diagnostics;
using System.Threading.Channels;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Devices.Telemetry;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>
/// Runs the devices: plans messages (<see cref="EventGenerator"/>), paces them when a rate is set, sends them in
/// batches per device, each device as itself (to its own publisher endpoint with its own token, partition key = the
/// device id; <see cref="DevicePublishers"/>), from a few concurrent senders, and records each message in the sent file
/// once its send is settled. A send that fails after the SDK's retries is counted and its events are
/// written as unconfirmed; the run goes on.
/// </summary>
internal sealed class DeviceSimulator(SimulationOptions options, TimeProvider time)
{
    /// <summary>Paced runs plan the events due in each slice of this length.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(50);

    /// <summary>Unpaced runs plan this many events before handing them to the senders.</summary>
    private const int UnpacedSliceEvents = 2000;

    public const string DeviceIdProperty = "device_id";
    public const string JsonContentType = "application/json";

    public SimulationProgress Progress { get; } = new(options.TargetEvents);

    public DateTimeOffset StartTime { get; private set; }

    public async Task<SimulationSummary> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        StartTime = options.StartTime ?? startedAt - EventGenerator.DefaultLead;
        var clock = Stopwatch.StartNew();
        await using var file = SentFileWriter.Create(options.OutputPath);
        await file.WriteHeaderAsync(new SentFileHeader(
            options.RunId, options.Seed, StartTime, startedAt, options.Hub, options.TargetEvents, options.Rate, options.Warehouses,
            options.Devices, options.Products, options.Skew, options.BatchSize, options.DuplicateRate, options.OutOfOrderRate,
            options.MalformedRate, options.CountRate));

        DevicesTelemetry.EnableSdkActivitySources();
        var producerOptions = new EventHubProducerClientOptions
        {
            RetryOptions = new EventHubsRetryOptions { MaximumRetries = options.MaxRetries },
        };
        var tokens = PublisherTokens.From(options.ConnectionString, options.Hub, "the connection string", out var error)
            ?? throw new InvalidOperationException(error);
        await using var publishers = new DevicePublishers(tokens, options.TokenLifetime, producerOptions, time);
        var units = Channel.CreateBounded<SendUnit>(new BoundedChannelOptions(options.Senders * 4) { SingleWriter = true });
        var senders = Enumerable.Range(0, options.Senders)
            .Select(_ => SendAllAsync(publishers, units.Reader, file, cancellationToken))
            .ToList();
        try
        {
            await PlanAsync(units.Writer, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop planning, let what was planned settle, and write the file's summary as usual.
        }
        finally
        {
            units.Writer.TryComplete();
        }

        await Task.WhenAll(senders);
        var summary = new SimulationSummary(
            options.RunId, options.Seed, Progress.EventsSent, Progress.Duplicates, Progress.OutOfOrder, Progress.MalformedItems,
            Progress.Messages, Progress.FailedSends, Progress.UnconfirmedMessages, clock.Elapsed);
        await file.WriteSummaryAsync(summary);
        return summary;
    }

    private async Task PlanAsync(ChannelWriter<SendUnit> units, CancellationToken cancellationToken)
    {
        var generator = new EventGenerator(options, StartTime);
        var pending = new Dictionary<string, List<PlannedMessage>>(StringComparer.Ordinal);
        var target = options.TargetEvents;
        var paceStart = time.GetTimestamp();
        while (generator.EventCopies < target)
        {
            var due = options.Rate is { } rate
                ? Math.Min(target, (long)Math.Ceiling(time.GetElapsedTime(paceStart).TotalSeconds * rate) + 1)
                : Math.Min(target, generator.EventCopies + UnpacedSliceEvents);
            while (generator.EventCopies < due)
            {
                var message = generator.Next(target - generator.EventCopies);
                if (!pending.TryGetValue(message.DeviceId, out var list))
                {
                    list = [];
                    pending[message.DeviceId] = list;
                }

                list.Add(message);
                if (list.Count >= options.MessagesPerSend)
                {
                    await units.WriteAsync(new SendUnit(message.DeviceId, message.WarehouseId, [.. list]), cancellationToken);
                    list.Clear();
                }
            }

            foreach (var (device, list) in pending.Where(p => p.Value.Count > 0))
            {
                await units.WriteAsync(new SendUnit(device, list[0].WarehouseId, [.. list]), cancellationToken);
                list.Clear();
            }

            if (options.Rate is not null && generator.EventCopies < target)
            {
                await Task.Delay(Slice, time, cancellationToken);
            }
        }
    }

    private async Task SendAllAsync(DevicePublishers publishers, ChannelReader<SendUnit> units, SentFileWriter file, CancellationToken cancellationToken)
    {
        await foreach (var unit in units.ReadAllAsync(CancellationToken.None))
        {
            var remaining = unit.Messages;
            while (remaining.Count > 0)
            {
                using var lease = publishers.Acquire(unit.DeviceId);
                remaining = await SendSomeAsync(lease.Producer, unit, remaining, file, cancellationToken);
            }
        }
    }

    /// <summary>Sends as many of <paramref name="messages"/> as fit one batch, under one <c>device.send</c> activity; returns the rest.</summary>
    private async Task<IReadOnlyList<PlannedMessage>> SendSomeAsync(
        EventHubProducerClient producer, SendUnit unit, IReadOnlyList<PlannedMessage> messages, SentFileWriter file, CancellationToken cancellationToken)
    {
        // The activity must be current while events are added to the batch: that is when the SDK stamps Diagnostic-Id.
        using var activity = DevicesTelemetry.Source.StartActivity(DevicesTelemetry.SendActivityName, ActivityKind.Producer);
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.destination.name", options.Hub);
        activity?.SetTag("inventory.warehouse_id", unit.WarehouseId);
        activity?.SetTag("inventory.device_id", unit.DeviceId);
        var traceId = activity?.TraceId.ToHexString();
        var taken = new List<PlannedMessage>();
        try
        {
            // A publisher's events are keyed by its name (Event Hubs refuses another key on a publisher endpoint).
            using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = unit.DeviceId }, cancellationToken);
            foreach (var message in messages)
            {
                var data = new EventData(message.BodyBytes) { ContentType = JsonContentType };
                data.Properties[DeviceIdProperty] = message.DeviceId;
                if (!batch.TryAdd(data))
                {
                    if (taken.Count == 0)
                    {
                        throw new InvalidOperationException(
                            $"message {message.Number} ({message.BodyBytes.Length} bytes) exceeds the hub's largest batch ({batch.MaximumSizeInBytes} bytes); lower --batch-size");
                    }

                    break;
                }

                taken.Add(message);
            }

            activity?.SetTag("messaging.batch.message_count", taken.Count);
            await producer.SendAsync(batch, cancellationToken);
            Progress.Confirmed(taken);
            foreach (var message in taken)
            {
                await file.WriteMessageAsync(message, confirmed: true, traceId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // After the SDK's own retries: record and go on, so one bad stretch does not lose the run's file.
            if (taken.Count == 0)
            {
                taken.AddRange(messages);
            }

            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            Progress.Failed(taken, e.Message);
            foreach (var message in taken)
            {
                await file.WriteMessageAsync(message, confirmed: false, traceId);
            }
        }
        catch (OperationCanceledException)
        {
            Progress.Failed(messages, "cancelled");
            foreach (var message in messages)
            {
                await file.WriteMessageAsync(message, confirmed: false, traceId);
            }

            return [];
        }

        return [.. messages.Skip(taken.Count)];
    }
}
