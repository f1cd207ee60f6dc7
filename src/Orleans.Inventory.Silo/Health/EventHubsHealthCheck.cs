using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Inventory.Silo.Health;

/// <summary>
/// Healthy when the device stream's Event Hub answers a properties request (GetEventHubProperties: it exists, the
/// credentials work, and it says how many partitions it has). One client for the process, made on first use; no
/// SDK retries, so the check's own timeout is what bounds it.
/// </summary>
internal sealed class EventHubsHealthCheck : IHealthCheck, IAsyncDisposable
{
    private readonly Lazy<EventHubProducerClient> _client;
    private readonly string _where;

    public EventHubsHealthCheck(string? connectionString, string? fullyQualifiedNamespace, string eventHub)
    {
        var options = new EventHubProducerClientOptions
        {
            RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) },
        };
        _client = new(() => string.IsNullOrWhiteSpace(connectionString)
            ? new EventHubProducerClient(fullyQualifiedNamespace, eventHub, new DefaultAzureCredential(), options)
            : new EventHubProducerClient(connectionString, eventHub, options));
        _where = $"event hub '{eventHub}'";
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = await _client.Value.GetEventHubPropertiesAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{_where} at {_client.Value.FullyQualifiedNamespace} answers: {properties.PartitionIds.Length} partitions",
                new Dictionary<string, object> { ["partitions"] = properties.PartitionIds.Length });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{_where} does not answer within the timeout");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"{_where} does not answer", exception);
        }
    }

    /// <summary>The hub's partition ids, through the same client (the partition readers check asks them).</summary>
    public Task<string[]> PartitionIdsAsync(CancellationToken cancellationToken) => _client.Value.GetPartitionIdsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }
}
