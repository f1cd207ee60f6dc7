using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Devices.Tests.Infrastructure;

namespace Orleans.Inventory.Devices.Tests;

public sealed class SentFileTests
{
    [Fact]
    public async Task TheSentFileRoundTripsEveryItemExactlyWithItsFlags()
    {
        var path = TestRuns.TempFile();
        try
        {
            var messages = TestRuns.Plan(TestRuns.Options(seed: 17) with { MalformedRate = 0.2 });
            await using (var writer = SentFileWriter.Create(path))
            {
                await writer.WriteHeaderAsync(new SentFileHeader(
                    "t1", 17, TestRuns.StartTime, TestRuns.StartTime.AddMinutes(2), "inventory", 2000, 50.5, ["warehouse_A", "warehouse_B"],
                    6, 50, 1.2, 8, 0.05, 0.05, 0.2, 0.03));
                foreach (var message in messages)
                {
                    await writer.WriteMessageAsync(message, confirmed: message.Number % 10 != 0, traceId: $"{message.Number:x32}");
                }
            }

            var run = await SentFileReader.ReadAsync(path);

            Assert.Equal("t1", run.Header.RunId);
            Assert.Equal(17, run.Header.Seed);
            Assert.Equal(TestRuns.StartTime, run.Header.StartTime);
            Assert.Equal(50.5, run.Header.Rate);
            Assert.Equal(["warehouse_A", "warehouse_B"], run.Header.Warehouses);
            var items = messages.SelectMany(m => m.Items.Select(i => (m, i))).ToList();
            var events = items.Where(p => p.i.Malformed is null).ToList();
            Assert.Equal(events.Select(p => (p.m.Number, p.m.DeviceId, p.m.WarehouseId, p.i.Duplicate, p.i.OutOfOrder, p.m.Number % 10 != 0, p.i.Json)),
                run.Events.Select(e => (e.Message, e.DeviceId, e.WarehouseId, e.Duplicate, e.OutOfOrder, e.Confirmed, e.Json)));
            Assert.All(run.Events, e => Assert.Equal($"{e.Message:x32}", e.TraceId));
            var malformed = items.Where(p => p.i.Malformed is not null).ToList();
            Assert.NotEmpty(malformed);
            Assert.Equal(malformed.Select(p => (p.m.Number, p.i.Malformed!.Value, p.i.Json)), run.Malformed.Select(m => (m.Message, m.Kind, m.Body)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
