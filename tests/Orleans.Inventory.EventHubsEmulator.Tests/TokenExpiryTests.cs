using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>
/// The SDK signs its tokens with the real clock; moving the emulator's clock past their expiry is how these
/// tests let a token expire on an open link.
/// </summary>
public sealed class TokenExpiryTests
{
    private static readonly TimeSpan PastEveryTokenTheSdkSigned = TimeSpan.FromHours(3);

    [Fact]
    public async Task AProducerWhoseTokenExpiredCanNoLongerPublish()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestEmulator.StartAsync(time: time);
        var producer = emulator.Producer();
        await producer.SendAsync([new EventData("in-time")], new SendEventOptions { PartitionId = "0" });

        time.Advance(PastEveryTokenTheSdkSigned);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => producer.SendAsync([new EventData("too-late")], new SendEventOptions { PartitionId = "0" }));
        var stillValid = SharedAccessSignatures.ConnectionString(emulator, time.GetUtcNow().AddHours(1));
        var partition = await emulator.Consumer(connectionString: stillValid).GetPartitionPropertiesAsync("0");
        Assert.Equal(0, partition.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task AReaderWhoseTokenExpiredGetsNoMoreEvents()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestEmulator.StartAsync(time: time);
        await emulator.Producer().SendAsync([new EventData("in-time")], new SendEventOptions { PartitionId = "0" });

        var reader = emulator.Consumer();
        using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
        var received = new List<string>();
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var partitionEvent in reader.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, deadline.Token))
            {
                received.Add(partitionEvent.Data.EventBody.ToString());
                time.Advance(PastEveryTokenTheSdkSigned);
                var stillValid = SharedAccessSignatures.ConnectionString(emulator, time.GetUtcNow().AddHours(1));
                await emulator.Producer(stillValid).SendAsync([new EventData("after-expiry")], new SendEventOptions { PartitionId = "0" });
            }
        });

        Assert.Equal(["in-time"], received);
    }
}
