using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Xunit.Abstractions;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConcurrentProducersOnSeveralPartitionsLoseAndDuplicateNothing()
    {
        // A fixed seed replays a failure; EMULATOR_TEST_SEED explores other interleavings of batch sizes and routing.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("EMULATOR_TEST_SEED"), out var chosen) ? chosen : 20261127;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var data = new TemporaryDirectory();
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.DefaultOptions(data.Path));

        const int producers = 6;
        const int eventsPerProducer = 150;
        var plans = Enumerable.Range(0, producers)
            .Select(p => (Producer: p, BatchSizes: Split(eventsPerProducer, random), Routing: random.Next(3)))
            .ToList();

        await Task.WhenAll(plans.Select(plan => Task.Run(async () =>
        {
            var producer = emulator.Producer();
            var next = 0;
            foreach (var size in plan.BatchSizes)
            {
                var options = plan.Routing switch
                {
                    0 => new CreateBatchOptions { PartitionId = (next % 4).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    1 => new CreateBatchOptions { PartitionKey = $"key-{plan.Producer}-{next % 5}" },
                    _ => new CreateBatchOptions(),
                };
                using var batch = await producer.CreateBatchAsync(options);
                for (var i = 0; i < size; i++, next++)
                {
                    Assert.True(batch.TryAdd(new EventData($"{plan.Producer}:{next}")));
                }

                await producer.SendAsync(batch);
            }
        })));

        var received = new List<string>();
        foreach (var id in new[] { "0", "1", "2", "3" })
        {
            var events = await emulator.ReadAllAsync(id, EventPosition.Earliest);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.SequenceNumber));
            received.AddRange(events.Select(e => e.EventBody.ToString()));
        }

        var expected = plans.SelectMany(p => Enumerable.Range(0, eventsPerProducer).Select(i => $"{p.Producer}:{i}")).Order().ToList();
        Assert.Equal(expected, received.Order().ToList());
    }

    private static List<int> Split(int total, Random random)
    {
        var sizes = new List<int>();
        while (total > 0)
        {
            var size = Math.Min(total, random.Next(1, 25));
            sizes.Add(size);
            total -= size;
        }

        return sizes;
    }
}
