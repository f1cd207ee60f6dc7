using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Creates a <see cref="DurableProgressCheckpointer"/> per partition around the configured store.</summary>
internal sealed class DurableProgressCheckpointerFactory(
    IStreamQueueCheckpointerFactory store,
    PartitionReadLog readLog,
    IGrainFactory grains,
    IOptions<DeviceStreamOptions> options,
    TimeProvider time,
    ILocalSiloDetails silo,
    ILoggerFactory loggerFactory) : IStreamQueueCheckpointerFactory
{
    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IStreamQueueCheckpointer<string>> Create(string partition) => Create(partition, CancellationToken.None);

    public async Task<IStreamQueueCheckpointer<string>> Create(string partition, CancellationToken cancellationToken) =>
        new DurableProgressCheckpointer(partition, await store.Create(partition, cancellationToken), readLog, grains, options.Value, time,
            silo.SiloAddress.ToString(), loggerFactory.CreateLogger<DurableProgressCheckpointer>());
}
