using System.Diagnostics.Metrics;
using Orleans.Inventory.Events;
using Orleans.Inventory.Telemetry;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>The device path's instruments, read from the silo's meter while real messages go through the emulator.</summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class DeviceStreamMetricsTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EventAgeIsMeasuredFromEachEventsOwnTimestampUntilItIsDurable()
    {
        const string age = "inventory.device.event.age";
        using var recorder = new InstrumentRecorder(fixture.SiloService<IMeterFactory>(), age);
        var key = await fixture.NewKeyAsync();
        var now = DateTimeOffset.UtcNow;

        await fixture.SendAsync(key.WarehouseId, "shelf-sensor-3",
            $"[{InventoryEventJson.Serialize(Added(key, 2, now.AddSeconds(-30)))},{InventoryEventJson.Serialize(Added(key, 3, now.AddMinutes(-10)))}]");
        await Eventually.WaitForAsync(() => fixture.Grains.Stock(key).GetAsync().AsTask(), record => record.AvailableQuantity == 5, Deadline, $"{key} reaches 5");

        // One measurement per event, each from its own timestamp (earlier tests' events are months old: outside both windows).
        var ages = await Eventually.WaitForAsync(() => Task.FromResult(recorder.Of(age)),
            seen => seen.Any(m => InWindow(m.Value, 30)) && seen.Any(m => InWindow(m.Value, 600)), Deadline, "both events' ages recorded");
        Assert.Single(ages, m => InWindow(m.Value, 30));
        Assert.Single(ages, m => InWindow(m.Value, 600));
    }

    [Fact]
    public async Task PartitionLagCountsEnqueuedMessagesNotYetDoneWarnsPastTheThresholdAndFallsBackToZero()
    {
        const string lag = "inventory.device.partition.lag";
        const int partitionLagging = 4121;
        using var recorder = new InstrumentRecorder(fixture.SiloService<IMeterFactory>(), lag);
        var key = await fixture.NewKeyAsync();
        fixture.StockCalls.Hold(key);
        try
        {
            // The first message waits in its stock call; the next nine queue behind it on the device's stream.
            await fixture.SendAsync(key.WarehouseId, "dock-door-2", Json(Added(key, 1, T0)));
            await Eventually.WaitForAsync(() => Task.FromResult(fixture.StockCalls.HeldCalls(key)), n => n >= 1, Deadline, $"the first call for {key} waits");
            for (var i = 1; i < 10; i++)
            {
                await fixture.SendAsync(key.WarehouseId, "dock-door-2", Json(Added(key, 1, T0.AddSeconds(i))));
            }

            var lagging = await Eventually.WaitForAsync(() => Task.FromResult(Lagging(recorder.Observe(lag), 10)), p => p is not null, Deadline,
                "a partition lagging by at least the ten messages held");

            // Through the silo's WarningGate: an earlier test's backlog may hold the slot for one period.
            await Eventually.WaitForAsync(() => Task.FromResult(fixture.Logs.Of(partitionLagging)),
                lines => lines.Any(l => l.Message.StartsWith($"Partition {lagging} lags by ", StringComparison.Ordinal)), Deadline,
                $"warning 4121 for partition {lagging}");

            fixture.StockCalls.Release(key);
            await Eventually.WaitForAsync(() => Task.FromResult(recorder.Observe(lag).LastOrDefault(m => Equals(m.Tags["partition"], lagging))),
                m => m?.Value == 0, Deadline, $"partition {lagging} back to no lag once the messages are done");
        }
        finally
        {
            fixture.StockCalls.Release(key);
        }
    }

    /// <summary>The partition whose newest reading is at least <paramref name="messages"/>, if any.</summary>
    private static string? Lagging(IReadOnlyList<RecordedMeasurement> readings, int messages) =>
        readings.GroupBy(m => (string)m.Tags["partition"]!).Where(g => g.Last().Value >= messages).Select(g => g.Key).FirstOrDefault();

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";

    private static bool InWindow(double seconds, double from) => seconds >= from && seconds < from + Deadline.TotalSeconds;
}
