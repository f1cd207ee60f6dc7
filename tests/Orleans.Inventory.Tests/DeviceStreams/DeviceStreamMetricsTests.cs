using System.Diagnostics.Metrics;
using Orleans.Inventory.Events;
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

    private static bool InWindow(double seconds, double from) => seconds >= from && seconds < from + Deadline.TotalSeconds;
}
