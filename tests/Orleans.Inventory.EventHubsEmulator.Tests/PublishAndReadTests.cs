using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class PublishAndReadTests
{
    [Fact]
    public async Task SingleEventsToAPartitionComeBackWithPropertiesOffsetsAndSequenceNumbers()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 3; i++)
        {
            var data = new EventData(Encoding.UTF8.GetBytes($"event-{i}"))
            {
                MessageId = $"id-{i}",
                ContentType = "text/plain",
                CorrelationId = "correlation",
            };
            data.Properties["index"] = i;
            data.Properties["sku"] = "SKU-1";
            await producer.SendAsync([data], new SendEventOptions { PartitionId = "2" });
        }

        var events = await emulator.ReadAsync("2", EventPosition.Earliest, 3);

        Assert.Equal([0L, 1L, 2L], events.Select(e => e.SequenceNumber));
        Assert.Equal(["event-0", "event-1", "event-2"], events.Select(e => e.EventBody.ToString()));
        Assert.Equal(["id-0", "id-1", "id-2"], events.Select(e => e.MessageId));
        Assert.All(events, e => Assert.Equal("text/plain", e.ContentType));
        Assert.All(events, e => Assert.Equal("correlation", e.CorrelationId));
        Assert.Equal([0, 1, 2], events.Select(e => (int)e.Properties["index"]));
        Assert.All(events, e => Assert.Equal("SKU-1", e.Properties["sku"]));
        Assert.All(events, e => Assert.Null(e.PartitionKey));
        Assert.All(events, e => Assert.InRange(e.EnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(1)));
        var offsets = events.Select(e => long.Parse(e.OffsetString, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets[0] < offsets[1] && offsets[1] < offsets[2], "offsets grow with the sequence number");
    }

    [Fact]
    public async Task ABatchWithAPartitionKeyLandsOnOnePartitionCarryingItsKey()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = "warehouse-7" });
        for (var i = 0; i < 5; i++)
        {
            Assert.True(batch.TryAdd(new EventData($"batched-{i}")));
        }

        await producer.SendAsync(batch);
        await producer.SendAsync([new EventData("single")], new SendEventOptions { PartitionKey = "warehouse-7" });

        var consumer = emulator.Consumer();
        var counts = new Dictionary<string, long>();
        foreach (var id in await consumer.GetPartitionIdsAsync())
        {
            var properties = await consumer.GetPartitionPropertiesAsync(id);
            counts[id] = properties.IsEmpty ? 0 : properties.LastEnqueuedSequenceNumber + 1;
        }

        var partition = Assert.Single(counts, c => c.Value > 0).Key;
        Assert.Equal(6, counts[partition]);
        var events = await emulator.ReadAsync(partition, EventPosition.Earliest, 6);
        Assert.Equal(["batched-0", "batched-1", "batched-2", "batched-3", "batched-4", "single"], events.Select(e => e.EventBody.ToString()));
        Assert.All(events, e => Assert.Equal("warehouse-7", e.PartitionKey));
    }

    [Fact]
    public async Task ABatchToANamedPartitionKeepsItsOrder()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "3" });
        for (var i = 0; i < 20; i++)
        {
            Assert.True(batch.TryAdd(new EventData($"e{i}")));
        }

        await producer.SendAsync(batch);

        var events = await emulator.ReadAsync("3", EventPosition.Earliest, 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"e{i}"), events.Select(e => e.EventBody.ToString()));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), events.Select(e => e.SequenceNumber));
    }

    [Fact]
    public async Task EventsWithoutKeyOrPartitionAreSpreadRoundRobin()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        for (var i = 0; i < 8; i++)
        {
            await producer.SendAsync([new EventData($"rr-{i}")]);
        }

        var consumer = emulator.Consumer();
        foreach (var id in await consumer.GetPartitionIdsAsync())
        {
            var properties = await consumer.GetPartitionPropertiesAsync(id);
            Assert.Equal(1, properties.LastEnqueuedSequenceNumber);
        }
    }

    [Fact]
    public async Task TheSamePartitionKeyAlwaysChoosesTheSamePartition()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        var keys = Enumerable.Range(0, 40).Select(i => $"device-{i}").ToList();
        foreach (var key in keys)
        {
            await producer.SendAsync([new EventData(key)], new SendEventOptions { PartitionKey = key });
            await producer.SendAsync([new EventData(key)], new SendEventOptions { PartitionKey = key });
        }

        var partitionsByKey = new Dictionary<string, HashSet<string>>();
        foreach (var id in await producer.GetPartitionIdsAsync())
        {
            foreach (var e in await emulator.ReadAllAsync(id, EventPosition.Earliest))
            {
                Assert.Equal(e.EventBody.ToString(), e.PartitionKey);
                partitionsByKey.TryAdd(e.PartitionKey!, []);
                partitionsByKey[e.PartitionKey!].Add(id);
            }
        }

        Assert.Equal(keys.Count, partitionsByKey.Count);
        Assert.All(partitionsByKey.Values, partitions => Assert.Single(partitions));
        Assert.True(partitionsByKey.Values.Select(p => p.Single()).Distinct().Count() > 1, "forty keys spread over more than one partition");
    }

    [Fact]
    public async Task KeyedEventsLandWhereTheBufferedProducerWhichHashesOnTheClientPutsThem()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var keys = Enumerable.Range(0, 24).Select(i => $"sku-{i}").ToList();
        foreach (var key in keys)
        {
            await emulator.Producer().SendAsync([new EventData("by-service")], new SendEventOptions { PartitionKey = key });
        }

        // The buffered producer assigns the partition itself with the service's hash, then sends by partition id.
        var failures = 0;
        await using (var buffered = new EventHubBufferedProducerClient(emulator.ConnectionString, TestEmulator.Hub))
        {
            buffered.SendEventBatchSucceededAsync += _ => Task.CompletedTask;
            buffered.SendEventBatchFailedAsync += _ =>
            {
                Interlocked.Increment(ref failures);
                return Task.CompletedTask;
            };
            foreach (var key in keys)
            {
                await buffered.EnqueueEventAsync(new EventData("by-client"), new EnqueueEventOptions { PartitionKey = key });
            }

            await buffered.FlushAsync();
        }

        Assert.Equal(0, failures);
        foreach (var id in new[] { "0", "1", "2", "3" })
        {
            var byKey = (await emulator.ReadAllAsync(id, EventPosition.Earliest)).GroupBy(e => e.PartitionKey!);
            Assert.All(byKey, group => Assert.Equal(["by-client", "by-service"], group.Select(e => e.EventBody.ToString()).Order()));
        }
    }

    [Fact]
    public async Task AnEventNearTheSizeLimitTravelsInSeveralFramesAndComesBackWhole()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var payload = new byte[900 * 1024];
        new Random(42).NextBytes(payload);

        await emulator.Producer().SendAsync([new EventData(payload)], new SendEventOptions { PartitionId = "1" });

        var received = (await emulator.ReadAsync("1", EventPosition.Earliest, 1)).Single();
        Assert.Equal(payload, received.EventBody.ToArray());
    }
}
