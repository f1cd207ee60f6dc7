using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Inventory.Silo.Health;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Health;

/// <summary>
/// The <c>stream-partitions</c> readiness check on the device stream cluster (real emulator, Orleans' Event Hubs
/// provider): every partition of the hub has a reader, and one that has none is named.
/// </summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class PartitionReadersCheckTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task EveryPartitionOfTheHubHasAReaderInTheCluster()
    {
        var check = new PartitionReadersHealthCheck(fixture.Grains, fixture.Producer.GetPartitionIdsAsync, DeviceStreamClusterFixture.Hub, StaleAfter);

        var result = await Eventually.WaitForAsync(() => Check(check), r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), "every partition read");

        Assert.Equal("every partition of event hub 'inventory' (4) has a reader", result.Description);
        var silo = fixture.Cluster.Silos[0].SiloAddress.ToString();
        Assert.All(Enumerable.Range(0, 4), p => Assert.StartsWith(silo, (string)result.Data[$"partition {p}"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task APartitionNobodyReadsIsNamed()
    {
        // A hub with a fifth partition that no receiver of this cluster reads.
        var check = new PartitionReadersHealthCheck(fixture.Grains,
            async cancellation => [.. await fixture.Producer.GetPartitionIdsAsync(cancellation), "4"], DeviceStreamClusterFixture.Hub, StaleAfter);

        var result = await Check(check, HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, result.Status); // the registration's failure status (the default one)
        Assert.Equal("partition(s) 4 of event hub 'inventory' have no reader (none reported within 3 s)", result.Description);
        Assert.Equal("no reader", result.Data["partition 4"]);
    }

    private static Task<HealthCheckResult> Check(PartitionReadersHealthCheck check, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("stream-partitions", check, failureStatus, null) });
}
