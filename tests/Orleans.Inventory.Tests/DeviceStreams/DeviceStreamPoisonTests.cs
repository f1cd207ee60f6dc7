using System.Text.RegularExpressions;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>
/// A message whose delivery keeps failing (its stock grain throws every time) is dead-lettered durably with its
/// partition, sequence number and body; the stream moves on and the checkpoint passes it.
/// </summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed partial class DeviceStreamPoisonTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMessageThatKeepsFailingIsDeadLetteredWithPartitionSequenceAndBodyAndTheCheckpointPassesIt()
    {
        var good = await fixture.NewKeyAsync();
        var poison = await fixture.RegisterAsync(new StockKey(good.WarehouseId, good.ProductId + "-poison"));
        fixture.StockCalls.Fail(poison);
        try
        {
            await SendAndVerifyAsync(good, poison);
        }
        finally
        {
            fixture.StockCalls.Heal(poison);
        }
    }

    private async Task SendAndVerifyAsync(StockKey good, StockKey poison)
    {
        var poisonBody = Json(Added(poison, 1, T0));

        // The same device, so the same stream: the message after the poison one waits behind it until it is given up.
        await fixture.SendAsync(good.WarehouseId, "scanner-poison", poisonBody);
        await fixture.SendAsync(good.WarehouseId, "scanner-poison", Json(Added(good, 2, T0)));

        await Eventually.WaitForAsync(() => fixture.Grains.Stock(good).GetAsync().AsTask(), r => r.AvailableQuantity == 2, Deadline,
            "the message behind the poison one applies");
        var letter = (await Eventually.WaitForAsync(
            async () => (await fixture.Grains.GetDeadLettersAsync(1000)).Items.FirstOrDefault(l => l.Payload == poisonBody),
            l => l is not null, Deadline, "the poison message dead-lettered"))!;

        Assert.Equal(DeviceStreamRejections.Undeliverable, letter.Code);
        var source = SourcePattern().Match(letter.Source);
        Assert.True(source.Success, letter.Source);
        var id = IdPattern().Match(letter.Id);
        Assert.True(id.Success, letter.Id);
        Assert.Equal(source.Groups["partition"].Value, id.Groups["partition"].Value);
        Assert.Contains("injected", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.Grains.Stock(poison).GetAsync()).AvailableQuantity);

        // The checkpoint passes it: nothing this partition read is left open (in particular not the poison message).
        var partition = source.Groups["partition"].Value;
        var sequence = long.Parse(id.Groups["sequence"].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.WaitForAsync(() => Task.FromResult(fixture.ReadLog.OldestOpen(partition)), open => open is null || open.Value.SequenceNumber > sequence,
            Deadline, $"the checkpoint of partition {partition} passes sequence {sequence}");
    }

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";

    [GeneratedRegex(@"^eventhubs:(?<partition>[0-3])@\d+$")]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"^eh:(?<partition>[0-3]):(?<sequence>\d+):undeliverable$")]
    private static partial Regex IdPattern();
}
