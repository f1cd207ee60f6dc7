using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.DeadLetters;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.DeadLetters;

/// <summary>The dead-letter record cannot be flooded by one sender (issue 10 item 6): a per-principal quota per shard.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadLetterQuotaTests(InventoryClusterFixture fixture)
{
    private static DeadLetter Letter(string id, DateTimeOffset at, string code, string principal) =>
        new(id, at, code, null, "test", "api", "{}", null, null, null, principal);

    [Fact]
    public async Task AFloodFromOneSenderKeepsOnlyItsNewestLettersAndDisplacesNoneOfAnotherSenders()
    {
        var run = Guid.NewGuid().ToString("N");
        var quota = new DeadLetterOptions().MaxPerPrincipal;
        var start = DateTimeOffset.UtcNow;
        var patient = Enumerable.Range(0, 10)
            .Select(i => Letter($"quota-{run}-a-{i}", start.AddMilliseconds(i), RejectionCodes.UnknownWarehouse, $"user:patient-{run}")).ToList();
        var flood = Enumerable.Range(0, 400)
            .Select(i => Letter($"quota-{run}-f-{i:D3}", start.AddSeconds(1).AddMilliseconds(i), RejectionCodes.MalformedMessage, $"device:flooder-{run}")).ToList();

        await fixture.Grains.AddDeadLettersAsync(patient);
        foreach (var batch in flood.Chunk(50))
        {
            await fixture.Grains.AddDeadLettersAsync(batch);
        }

        var kept = (await fixture.Grains.GetDeadLettersAsync(DeadLetterShards.MaxQueryLimit)).Items;
        var keptFlood = kept.Where(l => l.Principal == $"device:flooder-{run}").ToList();
        Assert.Equal(patient.Select(l => l.Id).Order(), kept.Where(l => l.Principal == $"user:patient-{run}").Select(l => l.Id).Order());
        // Per shard the flooder keeps exactly its newest `quota` letters.
        foreach (var shard in flood.GroupBy(l => DeadLetterShards.ShardOf(l.Id)))
        {
            var expected = shard.OrderByDescending(l => l.RecordedAt).Take(quota).Select(l => l.Id).Order().ToList();
            Assert.Equal(expected, keptFlood.Where(l => DeadLetterShards.ShardOf(l.Id) == shard.Key).Select(l => l.Id).Order().ToList());
        }
    }
}
