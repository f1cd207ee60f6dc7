using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AHostEmbedsTheEmulatorFromItsConfigurationSection()
    {
        // The section comes from its own configuration: the repository's appsettings.json is in the output folder.
        var builder = Host.CreateApplicationBuilder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventHubsEmulator:Host"] = "127.0.0.1",
            ["EventHubsEmulator:Port"] = "0",
            ["EventHubsEmulator:Hubs:0:Name"] = "telemetry",
            ["EventHubsEmulator:Hubs:0:PartitionCount"] = "2",
            ["EventHubsEmulator:SharedAccessKeys:0:Name"] = "dev",
            ["EventHubsEmulator:SharedAccessKeys:0:Key"] = "dev-key",
        }).Build();
        builder.Services.AddEventHubsEmulator(configuration.GetSection(EventHubsEmulatorOptions.SectionName));
        using var host = builder.Build();
        await host.StartAsync();

        var server = host.Services.GetRequiredService<EventHubsEmulatorServer>();
        Assert.NotEqual(0, server.Port);
        Assert.StartsWith($"Endpoint=sb://127.0.0.1:{server.Port};SharedAccessKeyName=dev;SharedAccessKey=dev-key;UseDevelopmentEmulator=true", server.ConnectionString(), StringComparison.Ordinal);
        await using (var producer = new EventHubProducerClient(server.ConnectionString("telemetry")))
        {
            Assert.Equal(["0", "1"], await producer.GetPartitionIdsAsync());
        }

        await host.StopAsync();
        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task InvalidConfigurationFailsTheHostAtStartNamingTheField()
    {
        // The section comes from its own configuration: the repository's appsettings.json is in the output folder.
        var builder = Host.CreateApplicationBuilder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventHubsEmulator:Port"] = "0",
            ["EventHubsEmulator:Hubs:0:Name"] = "telemetry",
            ["EventHubsEmulator:Hubs:0:PartitionCount"] = "0",
        }).Build();
        builder.Services.AddEventHubsEmulator(configuration.GetSection(EventHubsEmulatorOptions.SectionName));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("PartitionCount", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SharedAccessKeys", StringComparison.Ordinal));
    }
}
