using System.Text.Json;
using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Devices.Verification;

/// <summary>
/// What the stock should be after a run: the distinct confirmed events (by event id) of the sent file, parsed with
/// the same <see cref="InventoryEventParser"/> the server uses, grouped per product at warehouse and put through
/// <see cref="StockModel"/>.
/// </summary>
internal sealed record ExpectedStock(
    IReadOnlyDictionary<StockKey, ExpectedRecord> Records, long MalformedItems, long NotJsonMessages, long UnconfirmedEvents, IReadOnlyList<string> Refused)
{
    public static ExpectedStock From(SentRun run, DateTimeOffset now)
    {
        var options = new EventValidationOptions();
        var distinct = new Dictionary<string, InventoryEvent>(StringComparer.Ordinal);
        var refused = new List<string>();
        foreach (var sent in run.Events.Where(e => e.Confirmed))
        {
            using var document = JsonDocument.Parse(sent.Json);
            var parsed = InventoryEventParser.Parse(document.RootElement, 0, now, options);
            if (parsed.Event is { } inventoryEvent)
            {
                distinct.TryAdd(inventoryEvent.EventId, inventoryEvent);
            }
            else
            {
                refused.Add($"message {sent.Message}: {parsed.Rejection}");
            }
        }

        var records = distinct.Values
            .GroupBy(e => e.Key)
            .ToDictionary(group => group.Key, group =>
            {
                var (available, discrepancy, lastUpdated) = StockModel.Expect([.. group]);
                return new ExpectedRecord(available, discrepancy, lastUpdated);
            });
        var malformed = run.Malformed.Where(m => m.Confirmed).ToList();
        return new ExpectedStock(
            records, malformed.Count, malformed.LongCount(m => m.Kind == Simulation.MalformedKind.NotJson), run.Events.LongCount(e => !e.Confirmed), refused);
    }
}
