using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class PropertiesTests
{
    [Fact]
    public async Task HubAndPartitionPropertiesMatchWhatWasSent()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        for (var i = 0; i < 3; i++)
        {
            await producer.SendAsync([new EventData($"p{i}")], new SendEventOptions { PartitionId = "0" });
        }

        var hub = await producer.GetEventHubPropertiesAsync();
        Assert.Equal(TestEmulator.Hub, hub.Name);
        Assert.Equal(["0", "1", "2", "3"], hub.PartitionIds);
        Assert.InRange(hub.CreatedOn, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));

        var events = await emulator.ReadAsync("0", EventPosition.Earliest, 3);
        var partition = await producer.GetPartitionPropertiesAsync("0");
        Assert.Equal(TestEmulator.Hub, partition.EventHubName);
        Assert.Equal("0", partition.Id);
        Assert.False(partition.IsEmpty);
        Assert.Equal(0, partition.BeginningSequenceNumber);
        Assert.Equal(2, partition.LastEnqueuedSequenceNumber);
        Assert.Equal(events[2].OffsetString, partition.LastEnqueuedOffsetString);
        Assert.Equal(events[2].EnqueuedTime, partition.LastEnqueuedTime);

        var empty = await producer.GetPartitionPropertiesAsync("1");
        Assert.True(empty.IsEmpty);
        Assert.Equal(-1, empty.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task ConsumerGroupsFromConfigurationAndTheDefaultOneCanBeRead()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await emulator.Producer().SendAsync([new EventData("x")], new SendEventOptions { PartitionId = "0" });

        var fromDefault = await emulator.ReadAsync("0", EventPosition.Earliest, 1);
        var fromAnalytics = await emulator.ReadAsync("0", EventPosition.Earliest, 1, consumerGroup: "analytics");

        Assert.Equal(fromDefault.Single().OffsetString, fromAnalytics.Single().OffsetString);
    }
}
