using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.EventHubsEmulator.Tests.Orleans;
using global::Orleans.Configuration;
using global::Orleans.Hosting;
using global::Orleans.TestingHost;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class OrleansProviderTests
{
    [Fact]
    public async Task TheOrleansEventHubProviderDeliversWhatAProducerSent()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var connectionString = emulator.ConnectionString;
        var producer = emulator.Producer();

        // Sent before the silo starts: with StartFromNow = false and no checkpoint the backlog is delivered too.
        await SendAsync(producer, "device-a", "backlog-1");
        await SendAsync(producer, "device-b", "backlog-2");

        var received = new ReceivedDeviceEvents();
        var checkpoints = new InMemoryCheckpointerFactory();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(received);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddEventHubStreams("device-events", b =>
            {
                // Configured as for Azure; only the connection string points at the emulator.
                b.ConfigureEventHub(ob => ob.Configure(o => o.ConfigureEventHubConnection(connectionString, TestEmulator.Hub, "$Default")));
                b.UseDataAdapter((services, _) => ActivatorUtilities.CreateInstance<JsonDeviceDataAdapter>(services));
                b.ConfigureCheckpointer<InMemoryCheckpointerOptions>((_, _) => checkpoints, _ => { });
                b.ConfigurePartitionReceiver(ob => ob.Configure(o => o.StartFromNow = false));
            });
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        await SendAsync(producer, "device-a", "live-1");
        await SendAsync(producer, "device-c", "live-2");

        using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
        while (received.Events.Count < 4)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal(
            [("device-a", "backlog-1"), ("device-a", "live-1"), ("device-b", "backlog-2"), ("device-c", "live-2")],
            received.Events.Select(e => (e.Device, e.Payload)).Order().ToList());
        Assert.All(received.Events, e => Assert.True(long.TryParse(e.Offset, out _), $"offset '{e.Offset}' is numeric"));

        await cluster.StopAllSilosAsync();
    }

    private static Task SendAsync(EventHubProducerClient producer, string device, string payload) =>
        producer.SendAsync([new EventData(payload)], new SendEventOptions { PartitionKey = device });
}
