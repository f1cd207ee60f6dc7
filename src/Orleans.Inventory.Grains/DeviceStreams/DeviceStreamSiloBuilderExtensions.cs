using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

public static class DeviceStreamSiloBuilderExtensions
{
    /// <summary>The checkpoint stores that <c>Inventory:DeviceStreams:Checkpoint:ProviderType</c> may name.</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, string, IStreamQueueCheckpointerFactory>> CheckpointStores =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureTable"] = AzureTableStreamQueueCheckpointerFactory.CreateFactory,
            ["Grain"] = GrainStreamQueueCheckpointerFactory.CreateFactory,
        };

    /// <summary>
    /// Reads device messages from Event Hubs (<c>Inventory:DeviceStreams</c>) through Orleans' Event Hubs stream provider
    /// into the stock grains: a bounded number of streams per partition (devices hashed onto them), delivered in batches
    /// to implicit <see cref="IDeviceStreamGrain"/> consumers; reading
    /// starts at the stored checkpoint, or at the start of each partition when there is none; the checkpoint moves
    /// only past messages whose effects are durable. Does nothing when the section names no Event Hubs.
    /// </summary>
    public static ISiloBuilder AddInventoryDeviceStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var configured = configuration.GetSection(DeviceStreamOptions.SectionName).Get<DeviceStreamOptions>() ?? new DeviceStreamOptions();
        if (!configured.IsConfigured)
        {
            return silo;
        }

        if (!CheckpointStores.TryGetValue(configured.Checkpoint.ProviderType, out var createStore))
        {
            throw new InvalidOperationException(
                $"{DeviceStreamOptions.SectionName}:Checkpoint:ProviderType '{configured.Checkpoint.ProviderType}' is not known; use one of: {string.Join(", ", CheckpointStores.Keys)}.");
        }

        silo.Services.AddOptions<DeviceStreamOptions>().BindConfiguration(DeviceStreamOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.EventHub), $"{DeviceStreamOptions.SectionName}:EventHub is required.")
            .Validate(o => o.CheckpointInterval > TimeSpan.Zero, $"{DeviceStreamOptions.SectionName}:CheckpointInterval must be positive.")
            .Validate(o => o.MaxDeliveryTime >= TimeSpan.FromMinutes(1), $"{DeviceStreamOptions.SectionName}:MaxDeliveryTime must be at least a minute.")
            .Validate(o => o.StreamsPerPartition is >= 1 and <= 256, $"{DeviceStreamOptions.SectionName}:StreamsPerPartition must be 1 to 256.")
            .Validate(o => o.MaxMessagesPerDelivery is >= 1 and <= 1000, $"{DeviceStreamOptions.SectionName}:MaxMessagesPerDelivery must be 1 to 1000.")
            .Validate(o => o.MaxEventsInFlight is >= 1 and <= 1_000_000, $"{DeviceStreamOptions.SectionName}:MaxEventsInFlight must be 1 to 1,000,000.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"{DeviceStreamOptions.SectionName}:PollInterval must be positive.")
            .Validate(o => o.PoisonAfterAttempts >= 1, $"{DeviceStreamOptions.SectionName}:PoisonAfterAttempts must be at least 1.")
            .Validate(o => o.PoisonAfter >= TimeSpan.Zero && o.PoisonAfter * 2 + o.MaxRetryDelay * o.PoisonAfterAttempts < o.MaxDeliveryTime,
                $"{DeviceStreamOptions.SectionName}:PoisonAfter (twice, plus MaxRetryDelay per attempt) must stay below MaxDeliveryTime, so a failing message is dead-lettered before Orleans would skip it.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay, $"{DeviceStreamOptions.SectionName}:RetryDelay must be positive and at most MaxRetryDelay.")
            .Validate(o => o.MaxOpenMessagesPerPartition >= 1000, $"{DeviceStreamOptions.SectionName}:MaxOpenMessagesPerPartition must be at least 1000.")
            .Validate(o => o.MaxProgressReportsKept >= 1000, $"{DeviceStreamOptions.SectionName}:MaxProgressReportsKept must be at least 1000.")
            .Validate(o => o.LagPollInterval >= TimeSpan.FromMilliseconds(100), $"{DeviceStreamOptions.SectionName}:LagPollInterval must be at least 100 ms.")
            .Validate(o => o.LagPollTimeout > TimeSpan.Zero, $"{DeviceStreamOptions.SectionName}:LagPollTimeout must be positive.")
            .Validate(o => o.LagWarningMessages >= 1, $"{DeviceStreamOptions.SectionName}:LagWarningMessages must be at least 1.")
            .Validate(o => !o.Checkpoint.ProviderType.Equals("AzureTable", StringComparison.OrdinalIgnoreCase)
                    || !string.IsNullOrWhiteSpace(o.Checkpoint.ConnectionString) || o.Checkpoint.ServiceUri is not null,
                $"{DeviceStreamOptions.SectionName}:Checkpoint needs a ConnectionString or a ServiceUri for AzureTable.")
            .ValidateOnStart();
        silo.Services.AddOptions<DeviceBindingOptions>().BindConfiguration(DeviceBindingOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeviceBindingOptions>, DeviceBindingOptionsValidator>());
        silo.Services.TryAddSingleton<DeviceBinding>();
        silo.Services.AddHostedService<DeviceBindingReport>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton(services => new PartitionReadLog(services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<DeviceStreamOptions>>().Value.MaxOpenMessagesPerPartition));
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<DeviceStreamMetrics>();
        silo.Services.TryAddSingleton<StockCallAdmission>();
        silo.Services.AddHostedService<PartitionLagMonitor>();

        silo.AddEventHubStreams(DeviceStreamNames.Provider, stream =>
        {
            stream.ConfigureEventHub(builder => builder.Configure<IOptions<DeviceStreamOptions>>((eventHub, options) => ConnectEventHub(eventHub, options.Value)));
            stream.UseDataAdapter((services, _) => ActivatorUtilities.CreateInstance<DeviceEventDataAdapter>(services));
            stream.ConfigureCheckpointer<AzureTableStreamCheckpointerOptions>(
                (services, name) => ActivatorUtilities.CreateInstance<DurableProgressCheckpointerFactory>(services, createStore(services, name)),
                builder => builder.Configure<IOptions<DeviceStreamOptions>>((table, options) => ConnectCheckpointTable(table, options.Value.Checkpoint)));
            stream.ConfigurePartitionReceiver(builder => builder.Configure(receiver => receiver.StartFromNow = false));
            stream.ConfigurePullingAgent(builder => builder.Configure<IOptions<DeviceStreamOptions>>((agent, options) =>
            {
                agent.MaxEventDeliveryTime = options.Value.MaxDeliveryTime;
                agent.BatchContainerBatchSize = options.Value.MaxMessagesPerDelivery;
                agent.GetQueueMsgsTimerPeriod = options.Value.PollInterval;
            }));
            stream.ConfigureBackoffProvider((services, _) => new DeviceStreamDeliveryBackoff(services.GetRequiredService<IOptions<DeviceStreamOptions>>().Value));
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        });
        silo.Services.AddOptions<GrainStreamQueueCheckpointerOptions>(DeviceStreamNames.Provider)
            .Configure<IOptions<DeviceStreamOptions>>((grain, options) => grain.PersistInterval = options.Value.Checkpoint.PersistInterval);
        return silo;
    }

    private static void ConnectEventHub(EventHubOptions eventHub, DeviceStreamOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            eventHub.ConfigureEventHubConnection(options.ConnectionString, options.EventHub, options.ConsumerGroup);
        }
        else
        {
            eventHub.ConfigureEventHubConnection(options.FullyQualifiedNamespace!, options.EventHub, options.ConsumerGroup, new DefaultAzureCredential());
        }
    }

    private static void ConnectCheckpointTable(AzureTableStreamCheckpointerOptions table, DeviceStreamCheckpointOptions options)
    {
        table.TableName = options.TableName;
        table.PersistInterval = options.PersistInterval;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            table.TableServiceClient = new TableServiceClient(options.ConnectionString);
        }
        else if (options.ServiceUri is not null)
        {
            table.TableServiceClient = new TableServiceClient(options.ServiceUri, new DefaultAzureCredential());
        }
    }
}
