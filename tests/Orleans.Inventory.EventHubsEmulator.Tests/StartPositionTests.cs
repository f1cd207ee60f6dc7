using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class StartPositionTests
{
    private const string Partition = "1";

    [Fact]
    public async Task ReadingStartsAtEveryKindOfPosition()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = emulator.Producer();
        await SendAsync(producer, 0, 10);
        var all = await emulator.ReadAsync(Partition, EventPosition.Earliest, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), all.Select(e => e.SequenceNumber));

        var fromOffsetInclusive = await emulator.ReadAsync(Partition, EventPosition.FromOffset(all[3].OffsetString, isInclusive: true), 1);
        Assert.Equal(3, fromOffsetInclusive.Single().SequenceNumber);

        var fromOffsetExclusive = await emulator.ReadAsync(Partition, EventPosition.FromOffset(all[3].OffsetString, isInclusive: false), 1);
        Assert.Equal(4, fromOffsetExclusive.Single().SequenceNumber);

        var fromSequenceInclusive = await emulator.ReadAsync(Partition, EventPosition.FromSequenceNumber(5, isInclusive: true), 1);
        Assert.Equal(5, fromSequenceInclusive.Single().SequenceNumber);

        var fromSequenceExclusive = await emulator.ReadAsync(Partition, EventPosition.FromSequenceNumber(5, isInclusive: false), 1);
        Assert.Equal(6, fromSequenceExclusive.Single().SequenceNumber);

        var afterLast = emulator.ReadAsync(Partition, EventPosition.FromSequenceNumber(9, isInclusive: false), 1);
        var fromLatest = emulator.ReadAsync(Partition, EventPosition.Latest, 1);
        await WaitUntilReadersAttachedAsync(emulator);
        await SendAsync(producer, 10, 1);
        Assert.Equal(10, (await fromLatest).Single().SequenceNumber);
        Assert.Equal(10, (await afterLast).Single().SequenceNumber);
    }

    [Fact]
    public async Task ReadingFromAnEnqueuedTimeSkipsEarlierEvents()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestEmulator.StartAsync(time: time);
        var producer = emulator.Producer();
        await SendAsync(producer, 0, 3);
        var boundary = time.GetUtcNow().AddSeconds(30);
        time.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(producer, 3, 2);

        var events = await emulator.ReadAsync(Partition, EventPosition.FromEnqueuedTime(boundary), 2);

        Assert.Equal([3L, 4L], events.Select(e => e.SequenceNumber));
        Assert.All(events, e => Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), e.EnqueuedTime.ToUnixTimeMilliseconds()));
    }

    private static async Task SendAsync(EventHubProducerClient producer, int first, int count)
    {
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = Partition });
        for (var i = first; i < first + count; i++)
        {
            Assert.True(batch.TryAdd(new EventData($"event-{i}")));
        }

        await producer.SendAsync(batch);
    }

    // A reader at "latest" must be attached before the event it waits for is sent; the SDK gives no signal,
    // so wait for the partition's readers to appear in the emulator.
    private static async Task WaitUntilReadersAttachedAsync(TestEmulator emulator)
    {
        using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
        while (emulator.Server.ActiveReaderCount < 2)
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
