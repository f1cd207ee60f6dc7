using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Inventory.Grains.DeviceStreams;

namespace Orleans.Inventory.Silo.Health;

/// <summary>
/// Healthy when every partition of the device stream's Event Hub has a reader in the cluster: the partition's
/// <see cref="IStreamProgressGrain"/> heard from a reader (its checkpointer, which says so when reading starts and every
/// checkpoint interval after) within <paramref name="staleAfter"/>. Names the partitions without one. A cluster-wide
/// fact: every silo answers the same, and during a rebalance (a silo gone, until its partitions are read elsewhere) the
/// check fails, with the registration's failure status (<c>Inventory:Health:PartitionReadersFailureStatus</c>,
/// Degraded by default, see <see cref="InventoryHealthChecks"/>).
/// </summary>
/// <remarks>
/// Why this evidence: Orleans' queue balancer and pulling agents say which queues a silo was given, not that their
/// receiver started (it may fail and retry), and asking every silo's agents is a control call per silo. The heartbeat
/// comes from the checkpointer, which runs only once the receiver has loaded its checkpoint and stops when it shuts down.
/// </remarks>
internal sealed class PartitionReadersHealthCheck(
    IGrainFactory? grains,
    Func<CancellationToken, Task<string[]>> partitionIds,
    string eventHub,
    TimeSpan staleAfter) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (grains is null)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "no cluster in this process to ask who reads the partitions");
        }

        try
        {
            var partitions = await partitionIds(cancellationToken);
            var readers = await Task.WhenAll(partitions.Select(async partition =>
                (Partition: partition, Reader: await grains.GetGrain<IStreamProgressGrain>(partition).ReaderAsync().WaitAsync(cancellationToken))));
            var unread = readers.Where(r => r.Reader is null || r.Reader.SinceSeen > staleAfter).Select(r => r.Partition).ToList();
            var data = readers.ToDictionary(r => $"partition {r.Partition}", r => (object)(r.Reader is { } reader
                ? $"{reader.Reader}, {reader.SinceSeen.TotalSeconds:0.#} s ago"
                : "no reader"));
            return unread.Count == 0
                ? HealthCheckResult.Healthy($"every partition of event hub '{eventHub}' ({partitions.Length}) has a reader", data)
                : new HealthCheckResult(context.Registration.FailureStatus,
                    $"partition(s) {string.Join(", ", unread)} of event hub '{eventHub}' have no reader (none reported within {staleAfter.TotalSeconds:0.#} s)",
                    data: data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"who reads the partitions of event hub '{eventHub}' is not known within the timeout");
        }
        catch (Exception exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"who reads the partitions of event hub '{eventHub}' could not be asked", exception);
        }
    }
}
