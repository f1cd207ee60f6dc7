using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class OwnerLevelTests
{
    [Fact]
    public async Task AHigherOwnerLevelTakesThePartitionOverAndTheOlderReaderIsDisconnected()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await emulator.Producer().SendAsync([new EventData("one")], new SendEventOptions { PartitionId = "0" });

        await using var older = Receiver(emulator, ownerLevel: 1);
        Assert.Single(await older.ReceiveBatchAsync(10, TimeSpan.FromSeconds(10)));

        await using var newer = Receiver(emulator, ownerLevel: 2);
        Assert.Single(await newer.ReceiveBatchAsync(10, TimeSpan.FromSeconds(10)));

        var stolen = await Assert.ThrowsAsync<EventHubsException>(() => older.ReceiveBatchAsync(10, TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, stolen.Reason);
    }

    [Fact]
    public async Task AReaderBelowTheCurrentOwnerLevelIsRefused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await emulator.Producer().SendAsync([new EventData("one")], new SendEventOptions { PartitionId = "0" });
        await using var owner = Receiver(emulator, ownerLevel: 5);
        Assert.Single(await owner.ReceiveBatchAsync(10, TimeSpan.FromSeconds(10)));

        await using var lower = Receiver(emulator, ownerLevel: 4);
        var refused = await Assert.ThrowsAsync<EventHubsException>(async () =>
        {
            // The refusal arrives as a detach right after the attach, so a first receive may still come back
            // empty; the reader must never get the event, and must fail before the deadline.
            var deadline = DateTimeOffset.UtcNow + TestEmulator.Deadline;
            while (DateTimeOffset.UtcNow < deadline)
            {
                Assert.Empty(await lower.ReceiveBatchAsync(10, TimeSpan.FromSeconds(1)));
            }

            throw new TimeoutException("The lower owner level was never refused.");
        });

        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, refused.Reason);
        Assert.Empty(await owner.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(200)));
    }

    private static PartitionReceiver Receiver(TestEmulator emulator, long ownerLevel) =>
        new(
            EventHubConsumerClient.DefaultConsumerGroupName,
            "0",
            EventPosition.Earliest,
            emulator.ConnectionString,
            TestEmulator.Hub,
            new PartitionReceiverOptions
            {
                OwnerLevel = ownerLevel,
                RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0, TryTimeout = TimeSpan.FromSeconds(20) },
            });
}
