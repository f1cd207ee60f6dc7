using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task ARestartKeepsEveryEventWithItsOffsetAndSequenceNumber()
    {
        using var data = new TemporaryDirectory();
        var options = TestEmulator.DefaultOptions(data.Path);
        options.FlushToDisk = true;

        List<(string Partition, long Sequence, string Offset, DateTimeOffset Enqueued, string Body, string? Key)> before = [];
        DateTimeOffset createdOn;
        await using (var first = await TestEmulator.StartAsync(options))
        {
            var producer = first.Producer();
            using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = "sku-9" });
            for (var i = 0; i < 5; i++)
            {
                batch.TryAdd(new EventData($"keyed-{i}"));
            }

            await producer.SendAsync(batch);
            for (var i = 0; i < 8; i++)
            {
                await producer.SendAsync([new EventData($"spread-{i}")]);
            }

            createdOn = (await producer.GetEventHubPropertiesAsync()).CreatedOn;
            before = await SnapshotAsync(first);
        }

        Assert.Equal(13, before.Count);

        await using var second = await TestEmulator.StartAsync(options);
        var after = await SnapshotAsync(second);
        Assert.Equal(before, after);
        Assert.Equal(createdOn, (await second.Producer().GetEventHubPropertiesAsync()).CreatedOn);

        await second.Producer().SendAsync([new EventData("after-restart")], new SendEventOptions { PartitionId = "0" });
        var partition0 = await second.ReadAllAsync("0", EventPosition.Earliest);
        var previousLast = before.Where(e => e.Partition == "0").Max(e => e.Sequence);
        Assert.Equal(previousLast + 1, partition0[^1].SequenceNumber);
        Assert.True(
            long.Parse(partition0[^1].OffsetString, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(partition0[^2].OffsetString, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RetentionByCountTrimsOldEventsAndReadersStartAtTheRetainedOnes()
    {
        var options = TestEmulator.DefaultOptions();
        options.RetentionMaxEventsPerPartition = 5;
        await using var emulator = await TestEmulator.StartAsync(options);
        var producer = emulator.Producer();
        for (var i = 0; i < 12; i++)
        {
            await producer.SendAsync([new EventData($"r{i}")], new SendEventOptions { PartitionId = "0" });
        }

        var properties = await producer.GetPartitionPropertiesAsync("0");
        Assert.Equal(7, properties.BeginningSequenceNumber);
        Assert.Equal(11, properties.LastEnqueuedSequenceNumber);

        var fromEarliest = await emulator.ReadAsync("0", EventPosition.Earliest, 5);
        Assert.Equal([7L, 8L, 9L, 10L, 11L], fromEarliest.Select(e => e.SequenceNumber));

        var fromTrimmed = await emulator.ReadAsync("0", EventPosition.FromSequenceNumber(2), 1);
        Assert.Equal(7, fromTrimmed.Single().SequenceNumber);
    }

    [Fact]
    public async Task RetentionByAgeSurvivesARestartWithoutReusingSequenceNumbers()
    {
        using var data = new TemporaryDirectory();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = TestEmulator.DefaultOptions(data.Path);
        options.RetentionPeriod = TimeSpan.FromMinutes(1);
        await using (var first = await TestEmulator.StartAsync(options, time))
        {
            for (var i = 0; i < 3; i++)
            {
                await first.Producer().SendAsync([new EventData($"old-{i}")], new SendEventOptions { PartitionId = "0" });
            }
        }

        // Only a little time passes: the SDK signs its tokens with the real clock, and the emulator checks their
        // expiry against this one.
        time.Advance(TimeSpan.FromMinutes(2));
        await using var second = await TestEmulator.StartAsync(options, time);
        var producer = second.Producer();
        var emptied = await producer.GetPartitionPropertiesAsync("0");
        Assert.True(emptied.IsEmpty);
        Assert.Equal(2, emptied.LastEnqueuedSequenceNumber);

        await producer.SendAsync([new EventData("new")], new SendEventOptions { PartitionId = "0" });
        var events = await second.ReadAsync("0", EventPosition.Earliest, 1);
        Assert.Equal(3, events.Single().SequenceNumber);
        Assert.Equal("new", events.Single().EventBody.ToString());
    }

    private static async Task<List<(string, long, string, DateTimeOffset, string, string?)>> SnapshotAsync(TestEmulator emulator)
    {
        var all = new List<(string, long, string, DateTimeOffset, string, string?)>();
        foreach (var id in new[] { "0", "1", "2", "3" })
        {
            foreach (var e in await emulator.ReadAllAsync(id, EventPosition.Earliest))
            {
                all.Add((id, e.SequenceNumber, e.OffsetString, e.EnqueuedTime, e.EventBody.ToString(), e.PartitionKey));
            }
        }

        return all;
    }
}
