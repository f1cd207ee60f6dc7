using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Inventory.Silo.Health;
using Orleans.Inventory.Tests.Durable;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Health;

/// <summary>
/// The readiness checks the silo registers from its configuration: a dependency that does not answer makes the report
/// unhealthy (503 at /health/ready) and is named, within the check's timeout; one that comes back makes it healthy.
/// </summary>
public sealed class ReadinessChecksTests
{
    // Azurite's well-known development account (public, documented; not a secret).
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task ADependencyThatDoesNotAnswerIsNamedWithinTheTimeout()
    {
        var nothing = FreePorts.Next();
        using var provider = Checks(new()
        {
            ["Orleans:GrainStorage:inventory:ProviderType"] = "AzureTableStorage",
            ["Orleans:GrainStorage:inventory:ConnectionString"] = ConnectionString(nothing),
            ["Orleans:GrainStorage:inventory:TableName"] = "HealthGrainState",
            ["Orleans:GrainStorage:PubSubStore:ProviderType"] = "Memory",
            ["Inventory:Tables:ProviderType"] = "AzureTable",
            ["Inventory:Tables:ConnectionString"] = ConnectionString(nothing),
            ["Inventory:Tables:StockTable"] = "HealthLedger",
            ["Inventory:Tables:RegionTable"] = "HealthLedger",
            ["Inventory:DeviceStreams:ConnectionString"] =
                $"Endpoint=sb://127.0.0.1:{nothing};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true",
            ["Inventory:DeviceStreams:EventHub"] = "inventory",
            ["Inventory:Health:Timeout"] = "00:00:03",
        });

        var watch = Stopwatch.StartNew();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the checks took {watch.Elapsed}");
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["stock-table"].Status);
        Assert.Contains($"table 'HealthLedger00' at http://127.0.0.1:{nothing}", report.Entries["stock-table"].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["grain-storage:inventory"].Status);
        Assert.Contains("HealthGrainState", report.Entries["grain-storage:inventory"].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, report.Entries["grain-storage:PubSubStore"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["event-hubs"].Status);
        Assert.Contains("event hub 'inventory'", report.Entries["event-hubs"].Description, StringComparison.Ordinal);
        // Registered with the device stream, failing as Degraded by default (a cluster-wide fact; see observability.md).
        Assert.Equal(HealthStatus.Degraded, report.Entries["stream-partitions"].Status);
    }

    [Fact]
    public async Task TheLedgerCheckFailsWhileAzuriteIsStoppedAndRecoversWhenItIsBack()
    {
        var (table, blob, queue) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var location = Directory.CreateTempSubdirectory("inventory-health-azurite-");
        using var provider = Checks(new()
        {
            ["Inventory:Tables:ProviderType"] = "AzureTable",
            ["Inventory:Tables:ConnectionString"] = ConnectionString(table),
            ["Inventory:Tables:StockTable"] = "HealthLedger",
            ["Inventory:Tables:RegionTable"] = "HealthLedger",
            ["Inventory:Health:Timeout"] = "00:00:03",
        });
        var health = provider.GetRequiredService<HealthCheckService>();
        try
        {
            var azurite = await StartAzuriteAsync(location.FullName, table, blob, queue);
            await new TableServiceClient(ConnectionString(table)).CreateTableIfNotExistsAsync("HealthLedger");
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["stock-table"].Status);

            await StopAsync(azurite);
            var down = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.Contains($"table 'HealthLedger00' at http://127.0.0.1:{table} does not answer", down.Entries["stock-table"].Description, StringComparison.Ordinal);

            azurite = await StartAzuriteAsync(location.FullName, table, blob, queue);
            try
            {
                await Eventually.WaitForAsync(() => health.CheckHealthAsync(), report => report.Status == HealthStatus.Healthy,
                    TimeSpan.FromSeconds(20), "readiness after Azurite restarted");
            }
            finally
            {
                await StopAsync(azurite);
            }
        }
        finally
        {
            location.Delete(recursive: true);
        }
    }

    /// <summary>Stops Azurite as an operator would (SIGTERM: it saves its tables), killing it if it lingers.</summary>
    private static async Task StopAsync(Process azurite)
    {
        using (var term = Process.Start("kill", ["-TERM", $"{azurite.Id}"]))
        {
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await azurite.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();
        }
    }

    private static ServiceProvider Checks(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInventoryHealthChecks(configuration);
        return services.BuildServiceProvider();
    }

    private static string ConnectionString(int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Azurite from the repository's lockfile (npm ci; .ci/run does it), on ports of this test's own.</summary>
    private static async Task<Process> StartAzuriteAsync(string location, int table, int blob, int queue)
    {
        var azurite = Path.Combine(RepositoryRoot.Find(), "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run `npm ci` at the repository root (.ci/run does).");
        }

        var info = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", location,
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Azurite.");
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, table);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"Azurite did not answer on 127.0.0.1:{table} within 30 s.");
    }

}
