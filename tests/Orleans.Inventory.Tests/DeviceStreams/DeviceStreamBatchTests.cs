using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>
/// Batched delivery: a partition's messages reach the stock grains grouped by product-at-warehouse, many events per
/// call, several streams of a partition in flight at once, and the checkpoint never ahead of what is durable.
/// </summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class DeviceStreamBatchTests(DeviceStreamClusterFixture fixture)
{
    private const int StreamsPerPartition = 8; // DeviceStreamOptions' default, which the fixture keeps
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ManyMessagesOfOneProductArriveInOneStockCall()
    {
        var key = await fixture.NewKeyAsync();
        await HoldFirstCallAsync(key, "pallet-scanner-1");
        using var release = new Releaser(fixture.StockCalls, key);

        // While the first call waits, 30 more messages of the same device (the same stream) are read into the cache.
        await fixture.SendBatchAsync(key.WarehouseId, Enumerable.Range(0, 30).Select(i => ("pallet-scanner-1", Json(Added(key, 1, T0.AddSeconds(i))))));
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.OpenMessages()), open => open >= 31, Deadline, "31 messages read and open");
        fixture.StockCalls.Release(key);

        await WaitForStockAsync(key, 31);
        var calls = fixture.StockCalls.CallsFor(key);
        Assert.Equal(31, calls.Sum(c => c.Count));
        Assert.Contains(calls, c => c.Count == 30);
    }

    [Fact]
    public async Task SeveralDevicesMessagesForOneProductAreGroupedIntoOneCall()
    {
        var key = await fixture.NewKeyAsync();
        var (first, second) = TwoDevicesOnOneStream();
        await HoldFirstCallAsync(key, first);
        using var release = new Releaser(fixture.StockCalls, key);

        var sent = Enumerable.Range(0, 20).Select(i => (Device: i % 2 == 0 ? first : second, Event: Make(key, InventoryEventType.ItemAdded, 1, T0.AddSeconds(i), deviceId: i % 2 == 0 ? first : second))).ToList();
        await fixture.SendBatchAsync(key.WarehouseId, sent.Select(s => (s.Device, Json(s.Event))));
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.OpenMessages()), open => open >= 21, Deadline, "21 messages read and open");
        fixture.StockCalls.Release(key);

        await WaitForStockAsync(key, 21);
        var grouped = Assert.Single(fixture.StockCalls.CallsFor(key), c => c.Count == 20);
        Assert.Equal(sent.Select(s => s.Event.EventId), grouped.Select(e => e.EventId)); // in the order the devices sent them
        Assert.Equal(new[] { first, second }.Order(), grouped.Select(e => e.DeviceId).Distinct().Order());
    }

    [Fact]
    public async Task ASlowStockGrainHoldsBackOnlyItsStreamAndTheCheckpointWaitsForIt()
    {
        var slow = await fixture.NewKeyAsync();
        var other = await fixture.RegisterAsync(new StockKey(slow.WarehouseId, slow.ProductId + "-other"));
        var (slowDevice, otherDevice) = TwoDevicesOnDifferentStreams();
        await HoldFirstCallAsync(slow, slowDevice);
        using var release = new Releaser(fixture.StockCalls, slow);

        // Same warehouse, so the same partition; another stream of it delivers while the slow one waits.
        await fixture.SendAsync(other.WarehouseId, otherDevice, Json(Added(other, 2, T0)));
        await WaitForStockAsync(other, 2);

        // Once the checkpointer has seen the other message done, only the slow message's partition has messages open.
        var partition = (await Eventually.WaitForAsync(
            () => Task.FromResult(fixture.ReadLog.Partitions().Where(p => fixture.ReadLog.Status(p).Open > 0).ToList()),
            open => open.Count == 1, Deadline, "only the slow message's partition has messages open")).Single();
        var before = fixture.ReadLog.Status(partition);
        var held = before.OldestOpen!.Value;
        var later = await Eventually.WaitForAsync(() => Task.FromResult(fixture.ReadLog.Status(partition)), s => s.Completions >= before.Completions + 3,
            Deadline, "the checkpointer ran three more times");
        Assert.Equal(held, later.OldestOpen);
        Assert.True(later.Checkpointed is null || later.Checkpointed < held.SequenceNumber, $"checkpointed {later.Checkpointed}, held {held.SequenceNumber}");

        fixture.StockCalls.Release(slow);
        await WaitForStockAsync(slow, 1);
        var drained = await Eventually.WaitForAsync(() => Task.FromResult(fixture.ReadLog.Status(partition)), s => s.Open == 0, Deadline, "every message done");
        Assert.True(drained.Checkpointed > held.SequenceNumber);
    }

    [Fact]
    public async Task NoMoreEventsThanTheSilosBoundAreInStockCallsAtOnceAndWhatWaitsAppliesOnceThereIsRoom()
    {
        Assert.Equal(64, fixture.Admission.Limit);
        var first = await fixture.NewKeyAsync();
        var second = await fixture.RegisterAsync(new StockKey(first.WarehouseId, first.ProductId + "-second"));
        var (firstDevice, secondDevice) = TwoDevicesOnDifferentStreams();
        fixture.StockCalls.Hold(first);
        using var release = new Releaser(fixture.StockCalls, first);

        // 50 events in one held call take 50 of the 64; the other stream's 20 must wait for room, not reach the grain.
        await fixture.SendAsync(first.WarehouseId, firstDevice, Json([.. Enumerable.Range(0, 50).Select(i => Added(first, 1, T0.AddSeconds(i)))]));
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.Admission.InFlight), n => n == 50, Deadline, "50 events in the held call");
        await fixture.SendAsync(second.WarehouseId, secondDevice, Json([.. Enumerable.Range(0, 20).Select(i => Added(second, 1, T0.AddSeconds(i)))]));
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.Admission.Queued), n => n == 20, Deadline, "20 events waiting for room");
        Assert.Empty(fixture.StockCalls.CallsFor(second));
        Assert.Equal(0, (await fixture.Grains.Stock(second).GetAsync()).AvailableQuantity);
        Assert.Equal(50, fixture.Admission.InFlight);

        fixture.StockCalls.Release(first);
        await WaitForStockAsync(first, 50);
        await WaitForStockAsync(second, 20);
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.OpenMessages()), open => open == 0, Deadline, "every message done");
        Assert.Equal(0, fixture.Admission.InFlight);
        Assert.Equal(20, fixture.StockCalls.CallsFor(second).Sum(c => c.Count)); // applied once, after the wait
    }

    [Fact]
    public async Task AStockCallThatFailsAFewTimesIsRetriedAndAppliedNotDeadLettered()
    {
        var key = await fixture.NewKeyAsync();
        fixture.StockCalls.Fail(key, times: 2);
        using var heal = new Releaser(fixture.StockCalls, key);
        var body = Json(Added(key, 5, T0));

        await fixture.SendAsync(key.WarehouseId, "flaky-1", body);
        await WaitForStockAsync(key, 5);

        await Eventually.WaitForAsync(() => Task.FromResult(fixture.OpenMessages()), open => open == 0, Deadline, "every message done");
        Assert.DoesNotContain((await fixture.Grains.GetDeadLettersAsync(1000)).Items, l => l.Payload == body);
    }

    /// <summary>Sends one message for <paramref name="key"/> whose stock call then waits until released.</summary>
    private async Task HoldFirstCallAsync(StockKey key, string deviceId)
    {
        fixture.StockCalls.Hold(key);
        await fixture.SendAsync(key.WarehouseId, deviceId, Json(Added(key, 1, T0.AddHours(-1))));
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.StockCalls.HeldCalls(key)), n => n >= 1, Deadline, $"the first call for {key} waits");
    }

    private static (string, string) TwoDevicesOnOneStream()
    {
        var devices = Enumerable.Range(0, 100).Select(i => $"portal-{i}").ToList();
        var pair = devices.GroupBy(Shard).First(g => g.Count() >= 2).Take(2).ToList();
        return (pair[0], pair[1]);
    }

    private static (string, string) TwoDevicesOnDifferentStreams()
    {
        var first = "sensor-0";
        return (first, Enumerable.Range(1, 100).Select(i => $"sensor-{i}").First(d => Shard(d) != Shard(first)));
    }

    private static string Shard(string deviceId) => DeviceEventDataAdapter.StreamKey("0", deviceId, StreamsPerPartition);

    private Task<StockRecord> WaitForStockAsync(StockKey key, long available) =>
        Eventually.WaitForAsync(() => fixture.Grains.Stock(key).GetAsync().AsTask(), record => record.AvailableQuantity == available, Deadline,
            $"{key} reaches {available}");

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";

    /// <summary>Lets a held or failing key go even when the test fails, so later tests in the collection are not held up.</summary>
    private sealed class Releaser(StockCallFaults faults, StockKey key) : IDisposable
    {
        public void Dispose()
        {
            faults.Release(key);
            faults.Heal(key);
        }
    }
}
