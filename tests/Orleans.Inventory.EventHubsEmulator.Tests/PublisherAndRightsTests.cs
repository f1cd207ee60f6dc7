using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>Rights per named key (Send, Listen, Manage) and publisher endpoints (<c>{hub}/Publishers/{name}</c>).</summary>
public sealed class PublisherAndRightsTests
{
    private const string SendKeyName = "devices";
    private const string SendKey = "send-only-key";
    private const string ListenKeyName = "silo";
    private const string ListenKey = "listen-only-key";

    [Fact]
    public async Task ASendOnlyKeyCannotReceive()
    {
        await using var emulator = await StartAsync();
        var sendOnly = emulator.Server.ConnectionString(keyName: SendKeyName);
        await emulator.Producer(sendOnly).SendAsync([new EventData("sent")], new SendEventOptions { PartitionId = "0" });

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var unexpected in emulator.Consumer(connectionString: sendOnly).ReadEventsFromPartitionAsync("0", EventPosition.Earliest))
            {
                Assert.Fail($"A Send-only key read event {unexpected.Data.SequenceNumber}.");
            }
        });
        Assert.Equal("sent", (await emulator.ReadAsync("0", EventPosition.Earliest, 1)).Single().EventBody.ToString());
    }

    [Fact]
    public async Task AListenOnlyKeyCannotSendButReadsAndReadsProperties()
    {
        await using var emulator = await StartAsync();
        var listenOnly = emulator.Server.ConnectionString(keyName: ListenKeyName);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(listenOnly).SendAsync([new EventData("sneaky")], new SendEventOptions { PartitionId = "0" }));

        await emulator.Producer().SendAsync([new EventData("by-root")], new SendEventOptions { PartitionId = "0" });
        var reader = emulator.Consumer(connectionString: listenOnly);
        Assert.Equal(0, (await reader.GetPartitionPropertiesAsync("0")).LastEnqueuedSequenceNumber);
        using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
        await foreach (var read in reader.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, deadline.Token))
        {
            Assert.Equal("by-root", read.Data.EventBody.ToString());
            break;
        }
    }

    [Fact]
    public async Task APublisherTokenSendsToItsPublisherWhichEveryEventNamesAndTheServiceKeysByIt()
    {
        await using var emulator = await StartAsync();

        await emulator.Producer(PublisherConnectionString(emulator, "rfid-1"), PublisherHub("rfid-1"))
            .SendAsync([new EventData("one"), new EventData("two")]);

        var events = await ReadEverythingAsync(emulator);
        Assert.Equal(["one", "two"], events.Select(e => e.EventBody.ToString()).Order());
        Assert.All(events, e => Assert.Equal("rfid-1", e.SystemProperties[Publisher]));
        Assert.All(events, e => Assert.Equal("rfid-1", e.PartitionKey));
    }

    [Fact]
    public async Task APublisherTokenCannotSendToAnotherPublisherNorToTheHubNorAPartitionNorRead()
    {
        await using var emulator = await StartAsync();
        var token = PublisherConnectionString(emulator, "rfid-1");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(token, PublisherHub("rfid-2")).SendAsync([new EventData("as-rfid-2")]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(token, TestEmulator.Hub).SendAsync([new EventData("to-the-hub")]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Producer(token, TestEmulator.Hub).SendAsync([new EventData("to-a-partition")], new SendEventOptions { PartitionId = "0" }));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => emulator.Consumer(connectionString: token).GetPartitionPropertiesAsync("0"));

        Assert.Empty(await ReadEverythingAsync(emulator));
    }

    [Fact]
    public async Task APublishersPartitionKeyMustBeItsOwnName()
    {
        await using var emulator = await StartAsync();
        var producer = emulator.Producer(PublisherConnectionString(emulator, "rfid-1"), PublisherHub("rfid-1"));

        await Assert.ThrowsAnyAsync<Exception>(
            () => producer.SendAsync([new EventData("keyed-elsewhere")], new SendEventOptions { PartitionKey = "warehouse_B" }));
        await producer.SendAsync([new EventData("keyed-right")], new SendEventOptions { PartitionKey = "rfid-1" });

        Assert.Equal(["keyed-right"], (await ReadEverythingAsync(emulator)).Select(e => e.EventBody.ToString()));
    }

    [Fact]
    public async Task ASenderCannotForgeThePublisherEitherThroughTheHubOrAsAnotherPublisher()
    {
        await using var emulator = await StartAsync();
        var throughHub = Forged("through-the-hub", "rfid-1");
        throughHub.Properties["device_id"] = "rfid-1";
        await emulator.Producer(emulator.Server.ConnectionString(keyName: SendKeyName)).SendAsync([throughHub], new SendEventOptions { PartitionId = "0" });
        await emulator.Producer(PublisherConnectionString(emulator, "rfid-2"), PublisherHub("rfid-2")).SendAsync([Forged("as-rfid-2", "rfid-1")]);

        var events = await ReadEverythingAsync(emulator);
        var hub = Assert.Single(events, e => e.EventBody.ToString() == "through-the-hub");
        Assert.False(hub.SystemProperties.ContainsKey(Publisher), "an event sent to the hub itself names no publisher");
        var publisher = Assert.Single(events, e => e.EventBody.ToString() == "as-rfid-2");
        Assert.Equal("rfid-2", publisher.SystemProperties[Publisher]);
    }

    [Fact]
    public async Task PublisherNamesCompareWithoutCaseAndAreDeliveredInLowerCase()
    {
        await using var emulator = await StartAsync();

        await emulator.Producer(PublisherConnectionString(emulator, "rfid-1"), PublisherHub("RFID-1")).SendAsync([new EventData("shouted")]);

        Assert.Equal("rfid-1", Assert.Single(await ReadEverythingAsync(emulator)).SystemProperties[Publisher]);
    }

    [Fact]
    public async Task UnknownRightsAndRepeatedKeyNamesAreRefusedAtStart()
    {
        var options = Options();
        options.SharedAccessKeys.Add(new SharedAccessKeyOptions { Name = SendKeyName, Key = "again" });
        options.SharedAccessKeys[0].Rights = [(SharedAccessRight)42];

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new EventHubsEmulatorServer(options).StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("SharedAccessKeys[0].Rights", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains($"'{SendKeyName}' is configured twice", StringComparison.Ordinal));
    }

    private const string Publisher = "x-opt-publisher";

    private static EventHubsEmulatorOptions Options()
    {
        var options = TestEmulator.DefaultOptions();
        options.SharedAccessKeys.Add(new SharedAccessKeyOptions { Name = SendKeyName, Key = SendKey, Rights = [SharedAccessRight.Send] });
        options.SharedAccessKeys.Add(new SharedAccessKeyOptions { Name = ListenKeyName, Key = ListenKey, Rights = [SharedAccessRight.Listen] });
        return options;
    }

    private static Task<TestEmulator> StartAsync() => TestEmulator.StartAsync(Options());

    private static string PublisherHub(string publisher) => $"{TestEmulator.Hub}/Publishers/{publisher}";

    /// <summary>What a device holds: a token for its own publisher endpoint, signed with the Send-only key it never sees.</summary>
    private static string PublisherConnectionString(TestEmulator emulator, string publisher)
    {
        var token = SharedAccessSignatures.Sign(
            $"sb://127.0.0.1:{emulator.Server.Port}/{TestEmulator.Hub}/publishers/{publisher}", SendKeyName, SendKey, DateTimeOffset.UtcNow.AddHours(1));
        return $"Endpoint=sb://127.0.0.1:{emulator.Server.Port};SharedAccessSignature={token};UseDevelopmentEmulator=true";
    }

    /// <summary>An event that claims a publisher itself, in the annotation the service sets.</summary>
    private static EventData Forged(string body, string claimedPublisher)
    {
        var data = new EventData(body);
        data.GetRawAmqpMessage().MessageAnnotations[Publisher] = claimedPublisher;
        return data;
    }

    private static async Task<List<EventData>> ReadEverythingAsync(TestEmulator emulator)
    {
        var events = new List<EventData>();
        foreach (var partition in new[] { "0", "1", "2", "3" })
        {
            events.AddRange(await emulator.ReadAllAsync(partition, EventPosition.Earliest));
        }

        return events;
    }
}
