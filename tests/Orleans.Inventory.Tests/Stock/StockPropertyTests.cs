using Orleans.Inventory.Devices.Verification;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>
/// Random histories of deltas and counts, delivered shuffled, with duplicates, in random batches, with the grain
/// deactivated between deliveries, on grains that remember only four events (so eviction and the ledger fallbacks run
/// all the time). Each case's seed is fixed and printed; set INVENTORY_PROPERTY_SEED to replay one seed alone.
/// </summary>
[Collection(SmallMemoryClusterCollection.Name)]
public sealed class StockPropertyTests(SmallMemoryClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly InventoryEventType[] DeltaTypes =
        [InventoryEventType.ItemAdded, InventoryEventType.ItemRemoved, InventoryEventType.ItemDamaged, InventoryEventType.ItemReturned];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        if (int.TryParse(Environment.GetEnvironmentVariable("INVENTORY_PROPERTY_SEED"), out var only))
        {
            data.Add(only);
            return data;
        }

        foreach (var seed in Enumerable.Range(0, 30).Select(i => 20261127 + (i * 7919)))
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task AnyDeliveryOrderWithDuplicatesAndDeactivationsEndsInTheModelState(int seed)
    {
        output.WriteLine($"seed {seed}; replay with INVENTORY_PROPERTY_SEED={seed}");
        var random = new Random(seed);
        var key = await fixture.RegisterAsync(FreshKey("PROP"));
        var events = Generate(random, key);
        var deliveries = WithDuplicates(random, events);
        var grain = fixture.Grains.Stock(key);

        var results = new List<EventResult>();
        var delivered = 0;
        while (delivered < deliveries.Count)
        {
            var batch = deliveries.Skip(delivered).Take(random.Next(1, 7)).ToList();
            results.AddRange(await grain.ApplyAsync(batch));
            delivered += batch.Count;
            if (random.NextDouble() < 0.25)
            {
                await fixture.Cluster.DeactivateAsync(grain);
            }
        }

        var final = await grain.GetAsync();
        var (available, discrepancy, lastUpdated) = StockModel.Expect(events);
        Assert.Equal(available, final.AvailableQuantity);
        Assert.Equal(discrepancy, final.DiscrepancyQuantity);
        Assert.Equal(lastUpdated, final.LastUpdated);
        Assert.All(results, r => Assert.True(r.Stock.AvailableQuantity >= 0 && r.Stock.ReservedQuantity >= 0 && r.Stock.OnHandQuantity >= 0));

        var ledger = await ReadWholeLedgerAsync(grain);
        Assert.Equal(Enumerable.Range(1, deliveries.Count).Select(i => (long)i), ledger.Select(e => e.Sequence));
        Assert.DoesNotContain(ledger, e => e.Outcome == EventOutcome.Rejected);
        foreach (var e in events)
        {
            var decisions = ledger.Where(entry => entry.EventId == e.EventId).ToList();
            Assert.Single(decisions, entry => entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded);
            Assert.All(decisions.Skip(1), entry => Assert.Equal(EventOutcome.Duplicate, entry.Outcome));
        }

        Assert.Equal(final, await LedgerReplay.ReplayAsync(key, ledger, fixture.StockOptions.LatenessHorizon));
    }

    /// <summary>Distinct events within two hours on a one-minute grid, so equal timestamps (ties) are common.</summary>
    private static List<InventoryEvent> Generate(Random random, StockKey key)
    {
        var count = random.Next(5, 40);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var time = T0.AddMinutes(random.Next(0, 120));
            var id = $"ev-{random.Next():x8}-{random.Next():x8}";
            return random.NextDouble() < 0.2
                ? Make(key, InventoryEventType.StockCounted, random.Next(0, 60), time, id)
                : Make(key, DeltaTypes[random.Next(DeltaTypes.Length)], random.Next(1, 15), time, id);
        })];
    }

    private static List<InventoryEvent> WithDuplicates(Random random, List<InventoryEvent> events)
    {
        var deliveries = new List<InventoryEvent>(events);
        foreach (var e in events.Where(_ => random.NextDouble() < 0.35))
        {
            deliveries.AddRange(Enumerable.Repeat(e, random.Next(1, 4)));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
        return deliveries;
    }

    private static async Task<List<LedgerEntry>> ReadWholeLedgerAsync(IStockGrain grain)
    {
        var all = new List<LedgerEntry>();
        var query = new LedgerQuery(Limit: LedgerQuery.MaxLimit);
        while (true)
        {
            var page = await grain.GetLedgerAsync(query);
            all.AddRange(page.Entries);
            if (page.NextAfter is not { } next)
            {
                return all;
            }

            query = query with { After = next };
        }
    }
}
