using Orleans.Inventory.Events;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// What devices at one warehouse send, from a fixed seed: adds, removals and counts at shuffled times, every event
/// one to three times in shuffled messages of one to five events from several devices, and (when asked) malformed
/// items mixed in: whole messages that are not JSON, and arrays with one event that lacks its product.
/// </summary>
public sealed record DeviceTraffic(IReadOnlyList<InventoryEvent> Events, IReadOnlyList<DeviceTraffic.Message> Messages, int MalformedItems)
{
    /// <summary>One Event Hubs message; <paramref name="Valid"/> are the valid events its body carries.</summary>
    public sealed record Message(string DeviceId, string Body, IReadOnlyList<InventoryEvent> Valid);

    /// <summary>How many deliveries (valid copies) each key receives.</summary>
    public int Deliveries(StockKey key) => Messages.Sum(m => m.Valid.Count(e => e.Key == key));

    public static DeviceTraffic Generate(int seed, IReadOnlyList<StockKey> keys, int eventCount, int malformedEvery = 0)
    {
        var random = new Random(seed);
        var t0 = Infrastructure.Events.T0;
        var events = Enumerable.Range(0, eventCount).Select(i =>
        {
            var key = keys[random.Next(keys.Count)];
            var time = t0.AddSeconds(random.Next(0, 3600));
            return random.Next(10) switch
            {
                0 => Infrastructure.Events.Counted(key, random.Next(0, 50), time, $"count-{seed}-{i}"),
                < 4 => Infrastructure.Events.Removed(key, random.Next(1, 5), time, $"remove-{seed}-{i}"),
                _ => Infrastructure.Events.Added(key, random.Next(1, 10), time, $"add-{seed}-{i}"),
            };
        }).ToList();

        var copies = events.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).OrderBy(_ => random.Next()).ToList();
        var messages = new List<Message>();
        var malformed = 0;
        for (var sent = 0; sent < copies.Count;)
        {
            var size = Math.Min(random.Next(1, 6), copies.Count - sent);
            var valid = copies.Skip(sent).Take(size).ToList();
            var items = valid.Select(InventoryEventJson.Serialize).ToList();
            sent += size;
            if (malformedEvery > 0 && messages.Count % malformedEvery == malformedEvery - 1)
            {
                malformed++;
                if (random.Next(2) == 0)
                {
                    messages.Add(new Message($"device-{random.Next(5)}", $"{{\"event\":\"item_added\",\"product_id\":\"broken-{messages.Count}", []));
                }
                else
                {
                    items.Insert(random.Next(items.Count + 1),
                        $$"""{"event":"item_added","location":"{{keys[0].WarehouseId}}","quantity":1,"timestamp":"2026-02-16T10:00:00Z","event_id":"orphan-{{seed}}-{{messages.Count}}"}""");
                }
            }

            messages.Add(new Message($"device-{random.Next(5)}", $"[{string.Join(",", items)}]", valid));
        }

        return new DeviceTraffic(events, messages, malformed);
    }
}
