using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class RefusalTests
{
    [Fact]
    public async Task AWrongKeyIsRefusedAndNothingIsPublishedOrRead()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var wrongKey = emulator.ConnectionString.Replace(TestEmulator.Key, "not-the-key", StringComparison.Ordinal);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(wrongKey).SendAsync([new EventData("sneaky")], new SendEventOptions { PartitionId = "0" }));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Consumer(connectionString: wrongKey).GetPartitionPropertiesAsync("0"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var unexpected in emulator.Consumer(connectionString: wrongKey).ReadEventsFromPartitionAsync("0", EventPosition.Earliest))
            {
                Assert.Fail($"A refused reader got event {unexpected.Data.SequenceNumber}.");
            }
        });

        Assert.True((await emulator.Consumer().GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task AnUnknownKeyNameIsRefused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var unknownName = emulator.ConnectionString.Replace(TestEmulator.KeyName, "SomeoneElse", StringComparison.Ordinal);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(unknownName).SendAsync([new EventData("sneaky")]));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var connectionString = SharedAccessSignatures.ConnectionString(emulator, DateTimeOffset.UtcNow.AddMinutes(-5));

        var refused = await Assert.ThrowsAnyAsync<Exception>(
            () => emulator.Producer(connectionString).SendAsync([new EventData("late")], new SendEventOptions { PartitionId = "0" }));

        Assert.True(
            refused is UnauthorizedAccessException,
            $"expected UnauthorizedAccessException, got {refused.GetType().Name}: {refused.Message}");
        Assert.True((await emulator.Consumer().GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task AValidTokenSignedOutsideTheSdkIsAccepted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var connectionString = SharedAccessSignatures.ConnectionString(emulator, DateTimeOffset.UtcNow.AddHours(1));

        await emulator.Producer(connectionString).SendAsync([new EventData("signed")], new SendEventOptions { PartitionId = "0" });

        Assert.Equal("signed", (await emulator.ReadAsync("0", EventPosition.Earliest, 1)).Single().EventBody.ToString());
    }

    [Fact]
    public async Task AnUnknownHubIsReportedAsNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var producerError = await Assert.ThrowsAsync<EventHubsException>(
            () => emulator.Producer(hub: "no-such-hub").SendAsync([new EventData("lost")]));
        var propertiesError = await Assert.ThrowsAsync<EventHubsException>(
            () => emulator.Consumer(hub: "no-such-hub").GetEventHubPropertiesAsync());

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, producerError.Reason);
        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, propertiesError.Reason);
    }

    [Fact]
    public async Task AnUnknownPartitionIsReportedAsNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var error = await Assert.ThrowsAsync<EventHubsException>(
            () => emulator.Producer().SendAsync([new EventData("lost")], new SendEventOptions { PartitionId = "42" }));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, error.Reason);
    }

    [Fact]
    public async Task AnUnknownConsumerGroupIsReportedAsNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var error = await Assert.ThrowsAsync<EventHubsException>(
            () => emulator.ReadAsync("0", EventPosition.Earliest, 1, consumerGroup: "nobody"));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, error.Reason);
    }

    [Fact]
    public async Task AnEventLargerThanTheLimitIsRefused()
    {
        var options = TestEmulator.DefaultOptions();
        options.MaxMessageSizeBytes = 64 * 1024;
        await using var emulator = await TestEmulator.StartAsync(options);

        var error = await Assert.ThrowsAsync<EventHubsException>(
            () => emulator.Producer().SendAsync([new EventData(new byte[100 * 1024])], new SendEventOptions { PartitionId = "0" }));

        Assert.Equal(EventHubsException.FailureReason.MessageSizeExceeded, error.Reason);
        Assert.True((await emulator.Consumer().GetPartitionPropertiesAsync("0")).IsEmpty);
    }
}
