using System.Text.Json;
using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Devices.Tests.Infrastructure;
using Orleans.Inventory.Events;
using Xunit.Abstractions;

namespace Orleans.Inventory.Devices.Tests;

public sealed class GeneratorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = TestRuns.StartTime.AddHours(1);

    [Fact]
    public void TheSameSeedPlansTheSameMessagesByteForByte()
    {
        var first = TestRuns.Plan(TestRuns.Options(seed: 7));
        var second = TestRuns.Plan(TestRuns.Options(seed: 7));

        Assert.Equal(first.Select(m => (m.DeviceId, m.WarehouseId, m.Body)), second.Select(m => (m.DeviceId, m.WarehouseId, m.Body)));
    }

    [Fact]
    public void ADifferentSeedPlansADifferentRun()
    {
        var first = TestRuns.Plan(TestRuns.Options(seed: 7));
        var second = TestRuns.Plan(TestRuns.Options(seed: 8));

        Assert.NotEqual(first.Select(m => m.Body), second.Select(m => m.Body));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void TheRunHonoursItsRatesWithinTolerance(int seed)
    {
        output.WriteLine($"seed {seed}");
        var options = TestRuns.Options(seed) with { Events = 20_000, DuplicateRate = 0.1, OutOfOrderRate = 0.08, MalformedRate = 0.04, CountRate = 0.05 };
        var messages = TestRuns.Plan(options);
        var items = messages.SelectMany(m => m.Items).ToList();
        var copies = items.Where(i => i.Malformed is null).ToList();
        var fresh = copies.Where(i => !i.Duplicate).ToList();
        var counts = fresh.Count(i => i.Json.Contains("\"stock_counted\"", StringComparison.Ordinal));

        Assert.Equal(options.TargetEvents, copies.Count);
        Assert.InRange(copies.Count(i => i.Duplicate) / (double)copies.Count, 0.085, 0.115);
        Assert.InRange(fresh.Count(i => i.OutOfOrder) / (double)fresh.Count, 0.065, 0.085);
        Assert.InRange(messages.Count(m => m.Items.Any(i => i.Malformed is not null)) / (double)messages.Count, 0.03, 0.05);
        Assert.InRange(counts / (double)fresh.Count, 0.04, 0.06);
        Assert.All(messages, m => Assert.InRange(m.Items.Count(i => i.Malformed is null), 0, options.BatchSize));
        Assert.All(messages, m => Assert.True(m.Items.Count(i => i.Malformed is not null) <= 1, "at most one malformed item per message"));
    }

    [Fact]
    public void EveryNewEventIsValidWithAUniqueRunScopedIdAndARecentTimestamp()
    {
        var options = TestRuns.Options(seed: 21);
        var events = TestRuns.Plan(options).SelectMany(m => m.Items.Where(i => i.Malformed is null && !i.Duplicate).Select(i => (m, i))).ToList();

        var parsed = events.Select(pair => Parse(pair.i.Json)).ToList();

        Assert.All(parsed, p => Assert.Null(p.Rejection));
        Assert.Equal(parsed.Count, parsed.Select(p => p.EventId).Distinct().Count());
        Assert.All(parsed, p => Assert.StartsWith("t1-", p.EventId, StringComparison.Ordinal));
        Assert.All(parsed, p => Assert.True(p.Event!.Quantity >= (p.Event.Type.IsCount() ? 0 : 1)));
        Assert.All(parsed, p => Assert.InRange(p.Event!.Timestamp, TestRuns.StartTime.AddMinutes(-1), TestRuns.StartTime.AddMinutes(3)));
        Assert.All(events.Zip(parsed), pair => Assert.Equal(pair.First.m.WarehouseId, pair.Second.Event!.WarehouseId));
        Assert.All(events.Zip(parsed), pair => Assert.Equal(pair.First.m.DeviceId, pair.Second.Event!.DeviceId));
    }

    [Fact]
    public void AnArrayMessageCarriesSeveralProductsOfOneWarehouse()
    {
        var messages = TestRuns.Plan(TestRuns.Options(seed: 5));
        var arrays = messages.Where(m => m.Items.Count > 1).ToList();

        Assert.NotEmpty(arrays);
        Assert.Contains(arrays, m => m.Items.Where(i => i.Malformed is null).Select(i => Parse(i.Json).ProductId).Distinct().Count() > 1);
        Assert.All(arrays, m => Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(m.Body).RootElement.ValueKind));
    }

    [Fact]
    public void ADuplicateCarriesTheOriginalEventIdAndTextAndComesLater()
    {
        var messages = TestRuns.Plan(TestRuns.Options(seed: 3));
        var firstSeen = new Dictionary<string, (long Message, string Json)>();
        var duplicates = 0;
        foreach (var message in messages)
        {
            foreach (var item in message.Items.Where(i => i.Malformed is null))
            {
                if (item.Duplicate)
                {
                    duplicates++;
                    var original = firstSeen[item.EventId!];
                    Assert.Equal(original.Json, item.Json);
                    Assert.True(original.Message <= message.Number);
                }
                else
                {
                    Assert.True(firstSeen.TryAdd(item.EventId!, (message.Number, item.Json)), $"{item.EventId} is new only once");
                }
            }
        }

        Assert.True(duplicates > 10, $"only {duplicates} duplicates");
    }

    [Fact]
    public void AnOutOfOrderEventIsEarlierThanOneAlreadySentForItsProductAtItsWarehouse()
    {
        var newest = new Dictionary<StockKey, DateTimeOffset>();
        var outOfOrder = 0;
        foreach (var item in TestRuns.Plan(TestRuns.Options(seed: 4)).SelectMany(m => m.Items).Where(i => i.Malformed is null && !i.Duplicate))
        {
            var e = Parse(item.Json).Event!;
            if (item.OutOfOrder)
            {
                outOfOrder++;
                Assert.True(e.Timestamp < newest[e.Key]);
            }

            newest[e.Key] = newest.TryGetValue(e.Key, out var seen) && seen > e.Timestamp ? seen : e.Timestamp;
        }

        Assert.True(outOfOrder > 10, $"only {outOfOrder} out-of-order events");
    }

    [Fact]
    public void MalformedItemsAreRefusedByTheParserWithTheExpectedCodesAndTheRestOfTheirMessageIsValid()
    {
        var messages = TestRuns.Plan(TestRuns.Options(seed: 9) with { Events = 5000, MalformedRate = 0.2 });
        var seenKinds = new HashSet<MalformedKind>();
        foreach (var message in messages.Where(m => m.Items.Any(i => i.Malformed is not null)))
        {
            var bad = message.Items.Single(i => i.Malformed is not null);
            seenKinds.Add(bad.Malformed!.Value);
            if (bad.Malformed == MalformedKind.NotJson)
            {
                Assert.Single(message.Items);
                Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(message.BodyBytes));
                continue;
            }

            using var body = JsonDocument.Parse(message.BodyBytes);
            var results = InventoryEventParser.ParseBatch(body.RootElement, Now, new EventValidationOptions());
            var refused = Assert.Single(results, r => r.Rejection is not null);
            var (code, field) = bad.Malformed == MalformedKind.MissingProductId
                ? (RejectionCodes.MissingField, "product_id")
                : (RejectionCodes.InvalidValue, "quantity");
            Assert.Equal(code, refused.Rejection!.Code);
            Assert.Equal(field, refused.Rejection.Field);
            Assert.True(results.Count >= 2, "a bad element travels with valid ones");
        }

        Assert.Equal([MalformedKind.NotJson, MalformedKind.MissingProductId, MalformedKind.NegativeQuantity], seenKinds.Order());
    }

    [Fact]
    public void MalformedItemsAreDistinctSoTheServerKeepsOneDeadLetterEach()
    {
        var bodies = TestRuns.Plan(TestRuns.Options(seed: 10) with { MalformedRate = 0.3 })
            .SelectMany(m => m.Items).Where(i => i.Malformed is not null).Select(i => i.Json).ToList();

        Assert.Equal(bodies.Count, bodies.Distinct().Count());
    }

    private static ParsedEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return InventoryEventParser.Parse(document.RootElement, 0, Now, new EventValidationOptions());
    }
}
