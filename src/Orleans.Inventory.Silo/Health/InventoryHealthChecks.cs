using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Inventory.Silo.Health;

/// <summary>
/// Readiness checks for what the silo depends on, read from the same configuration the providers use, each with a
/// timeout and a name that says which dependency failed: <c>grain-storage:{name}</c>, <c>membership</c>,
/// <c>reminders</c>, <c>stock-table</c>, <c>region-table</c>, <c>stream-checkpoints</c> (Azure Table: one cheap query each), <c>event-hubs</c>
/// (a properties request), <c>stream-partitions</c> (every partition has a reader in the cluster). Providers that keep data in memory get a check that says so, so the report lists every
/// dependency. The <c>cluster</c> check (a grain call round-trips) comes with the API.
/// </summary>
public static class InventoryHealthChecks
{
    public const string ReadyTag = "ready";

    private const string AzureTableStorage = "AzureTableStorage";

    public static IServiceCollection AddInventoryHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue("Inventory:Health:Timeout", TimeSpan.FromSeconds(5));
        var checks = services.AddHealthChecks();

        // Each check (and its client) is made once: credentials keep their token cache, clients their connections.
        void Table(string name, IConfigurationSection section, string table)
        {
            var check = TableCheck(section, table, name, timeout);
            checks.Add(new HealthCheckRegistration(name, _ => check, HealthStatus.Unhealthy, [ReadyTag], timeout));
        }

        void InMemory(string name, string what) =>
            checks.Add(new HealthCheckRegistration(name, _ => new InMemoryCheck(what), HealthStatus.Unhealthy, [ReadyTag], timeout));

        foreach (var storage in configuration.GetSection("Orleans:GrainStorage").GetChildren())
        {
            if (IsProvider(storage, AzureTableStorage))
            {
                Table($"grain-storage:{storage.Key}", storage, storage["TableName"] ?? "OrleansGrainState");
            }
            else
            {
                InMemory($"grain-storage:{storage.Key}", $"{storage["ProviderType"]} grain storage in this process");
            }
        }

        if (IsProvider(configuration.GetSection("Orleans:Clustering"), AzureTableStorage))
        {
            var clustering = configuration.GetSection("Orleans:Clustering");
            Table("membership", clustering, clustering["TableName"] ?? "OrleansSiloInstances");
        }

        if (IsProvider(configuration.GetSection("Orleans:Reminders"), AzureTableStorage))
        {
            var reminders = configuration.GetSection("Orleans:Reminders");
            Table("reminders", reminders, reminders["TableName"] ?? "OrleansReminders");
        }

        // The inventory's own tables: stock records with their ledgers (the write path) and region totals.
        var tables = configuration.GetSection("Inventory:Tables");
        if (IsProvider(tables, "AzureTable"))
        {
            // The stock shards are spread over several tables of one account; the first one stands for them.
            var names = tables.Get<Orleans.Inventory.Grains.Storage.InventoryTablesOptions>() ?? new();
            Table("stock-table", tables, names.StockTableName(0));
            Table("region-table", tables, names.RegionTable);
        }
        else
        {
            InMemory("stock-table", "stock records and ledgers in this process's memory (embedded profile; not durable)");
        }

        var streams = configuration.GetSection("Inventory:DeviceStreams");
        string? connection = streams["ConnectionString"], fullyQualifiedNamespace = streams["FullyQualifiedNamespace"];
        if (!string.IsNullOrWhiteSpace(connection) || !string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            var hub = streams["EventHub"] ?? "inventory";
            services.AddSingleton(new EventHubsHealthCheck(connection, fullyQualifiedNamespace, hub));
            checks.Add(new HealthCheckRegistration("event-hubs", provider => provider.GetRequiredService<EventHubsHealthCheck>(),
                HealthStatus.Unhealthy, [ReadyTag], timeout));

            // Every partition has a reader somewhere in the cluster: its checkpointer said so within three checkpoint
            // intervals (a reader that stopped or whose silo died ages out). A cluster-wide fact, so by default a failure
            // is Degraded (named in the report, still 200): Unhealthy would take every silo, and the HTTP API with them,
            // out of rotation while one dead silo's partitions wait for the rebalance.
            var staleAfter = 3 * streams.GetValue("CheckpointInterval", TimeSpan.FromSeconds(5));
            var readersFailure = configuration.GetValue("Inventory:Health:PartitionReadersFailureStatus", HealthStatus.Degraded);
            checks.Add(new HealthCheckRegistration("stream-partitions", provider => new PartitionReadersHealthCheck(
                    provider.GetService<IGrainFactory>(), provider.GetRequiredService<EventHubsHealthCheck>().PartitionIdsAsync, hub, staleAfter),
                readersFailure, [ReadyTag], timeout));

            if (IsProvider(streams.GetSection("Checkpoint"), "AzureTable"))
            {
                var checkpoints = streams.GetSection("Checkpoint");
                Table("stream-checkpoints", checkpoints, checkpoints["TableName"] ?? "InventoryStreamCheckpoints");
            }
        }

        return services;
    }

    private static bool IsProvider(IConfigurationSection section, string providerType) =>
        string.Equals(section["ProviderType"], providerType, StringComparison.OrdinalIgnoreCase);

    private static IHealthCheck TableCheck(IConfigurationSection section, string table, string name, TimeSpan timeout)
    {
        // No SDK retries: a probe answers now or counts as down; the check's timeout bounds the one try.
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = timeout;
        if (section["ServiceUri"] is { Length: > 0 } uri)
        {
            return new AzureTableHealthCheck(new TableServiceClient(new Uri(uri), new DefaultAzureCredential(), options), table);
        }

        return section["ConnectionString"] is { Length: > 0 } connection
            ? new AzureTableHealthCheck(new TableServiceClient(connection, options), table)
            : new InMemoryCheck($"{name}: no ConnectionString or ServiceUri to check (configured another way)");
    }

    /// <summary>A dependency inside the process: nothing to reach, listed so the report names every dependency.</summary>
    private sealed class InMemoryCheck(string what) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy(what));
    }
}
