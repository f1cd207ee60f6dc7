using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Every <see cref="DeviceStreamOptions.LagPollInterval"/>, asks Event Hubs for the last enqueued sequence number of
/// each partition this silo reads and notes it in the <see cref="PartitionReadLog"/>, which the
/// <c>inventory.device.partition.lag</c> gauge reads; warns (4121) when a partition's lag passes
/// <see cref="DeviceStreamOptions.LagWarningMessages"/>.
/// </summary>
/// <remarks>
/// Orleans' Event Hubs receiver does not expose what it learns of the partition's end, so this asks the service: one
/// consumer client for the process, one properties request per partition read here (bounded by the partition count),
/// one at a time, each bounded by <see cref="DeviceStreamOptions.LagPollTimeout"/> with no SDK retries. A failure is
/// counted (<c>inventory.device.partition.lag_poll_failures</c>) and logged (4122) at most once per
/// <see cref="WarningGate.Period"/> for the silo; the gauge keeps the last answer until the next one.
/// </remarks>
internal sealed partial class PartitionLagMonitor(
    IOptions<DeviceStreamOptions> options,
    PartitionReadLog readLog,
    DeviceStreamMetrics metrics,
    WarningGate warnings,
    TimeProvider time,
    ILogger<PartitionLagMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await using var client = CreateClient(settings);
        using var timer = new PeriodicTimer(settings.LagPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var partition in readLog.ReadingPartitions())
                {
                    await PollAsync(client, partition, settings, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(EventHubConsumerClient client, string partition, DeviceStreamOptions settings, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.LagPollTimeout);
        try
        {
            var properties = await client.GetPartitionPropertiesAsync(partition, timeout.Token);
            readLog.Enqueued(partition, properties.LastEnqueuedSequenceNumber);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            metrics.LagPollFailed(partition);
            if (warnings.ShouldLog(4122, out var suppressed))
            {
                LogPollFailed(partition, client.EventHubName, settings.LagPollTimeout, suppressed, exception);
            }

            return;
        }

        if (readLog.Lag(partition) is { } lag && lag > settings.LagWarningMessages && warnings.ShouldLog(4121, out var skipped))
        {
            LogLagging(partition, lag, settings.LagWarningMessages, readLog.Status(partition).Open, skipped);
        }
    }

    private static EventHubConsumerClient CreateClient(DeviceStreamOptions settings)
    {
        var clientOptions = new EventHubConsumerClientOptions
        {
            RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0, TryTimeout = settings.LagPollTimeout },
        };
        return string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? new EventHubConsumerClient(settings.ConsumerGroup, settings.FullyQualifiedNamespace, settings.EventHub, new DefaultAzureCredential(), clientOptions)
            : new EventHubConsumerClient(settings.ConsumerGroup, settings.ConnectionString, settings.EventHub, clientOptions);
    }

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning,
        Message = "Partition {Partition} lags by {Lag} messages (enqueued in Event Hubs and not known done), over {Threshold}; {Open} read and open on this silo ({Suppressed} more such lines not written since the last one)")]
    private partial void LogLagging(string partition, long lag, long threshold, int open, long suppressed);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning,
        Message = "Could not read the last enqueued sequence number of partition {Partition} of event hub {EventHub} within {Timeout}; the lag gauge keeps its last value ({Suppressed} more such failures since the last line)")]
    private partial void LogPollFailed(string partition, string eventHub, TimeSpan timeout, long suppressed, Exception exception);
}
