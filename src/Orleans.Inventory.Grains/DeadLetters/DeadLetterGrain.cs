using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Telemetry;

namespace Orleans.Inventory.Grains.DeadLetters;

/// <summary>
/// One shard of the dead-letter record: the newest letters, bounded, plus a running total. Two bounds, in this order:
/// each sender (<see cref="DeadLetter.Principal"/>) keeps at most <see cref="DeadLetterOptions.MaxPerPrincipal"/>
/// letters (past it its own oldest go, so one caller's flood displaces only its own letters), and the shard at most
/// <see cref="DeadLetterOptions.CapacityPerShard"/> (past it the oldest go, <c>unknown_warehouse</c> letters younger
/// than <see cref="DeadLetterOptions.UnknownWarehouseRetention"/> last: those are what a replay after registering the
/// warehouse recovers). Every drop is counted (<c>inventory.dead_letters.dropped</c> by cause, and in the state).
/// </summary>
internal sealed class DeadLetterGrain(
    [PersistentState("dead-letters", StorageNames.Inventory)] IPersistentState<DeadLetterState> record,
    IOptions<DeadLetterOptions> options,
    [FromKeyedServices(InventoryClock.Key)] TimeProvider clock,
    InventoryMetrics metrics) : Grain, IDeadLetterGrain
{
    public async Task AddAsync(IReadOnlyList<DeadLetter> letters)
    {
        var letterIds = record.State.Letters.Select(letter => letter.Id).ToHashSet(StringComparer.Ordinal);
        var added = letters.Where(letter => letterIds.Add(letter.Id)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var kept = record.State.Letters;
        kept.AddRange(added);
        record.State.Total += added.Count;
        var overQuota = new HashSet<DeadLetter>(ReferenceEqualityComparer.Instance);
        foreach (var sender in added.Select(SenderOf).Distinct(StringComparer.Ordinal))
        {
            var mine = kept.Where(letter => SenderOf(letter) == sender).ToList();
            overQuota.UnionWith(mine.Take(mine.Count - options.Value.MaxPerPrincipal));
        }

        Drop(overQuota, "principal_quota");
        var excess = kept.Count - options.Value.CapacityPerShard;
        if (excess > 0)
        {
            var keepFrom = clock.GetUtcNow() - options.Value.UnknownWarehouseRetention;
            bool Kept(DeadLetter letter) => letter.Code == RejectionCodes.UnknownWarehouse && letter.RecordedAt > keepFrom;
            Drop(new HashSet<DeadLetter>(kept.Where(letter => !Kept(letter)).Concat(kept.Where(Kept)).Take(excess), ReferenceEqualityComparer.Instance), "capacity");
        }

        await record.WriteStateAsync();
    }

    private static string SenderOf(DeadLetter letter) => letter.Principal ?? DeadLetter.UnknownPrincipal;

    private void Drop(HashSet<DeadLetter> dropping, string cause)
    {
        if (dropping.Count == 0)
        {
            return;
        }

        record.State.Letters.RemoveAll(dropping.Contains);
        record.State.Dropped += dropping.Count;
        metrics.DeadLettersDropped(cause, dropping.Count);
    }

    public async Task RemoveAsync(IReadOnlyList<string> letterIds)
    {
        var removing = letterIds.ToHashSet(StringComparer.Ordinal);
        if (record.State.Letters.RemoveAll(letter => removing.Contains(letter.Id)) > 0)
        {
            await record.WriteStateAsync();
        }
    }

    public Task<DeadLetterPage> GetRecentAsync(int limit)
    {
        var newest = record.State.Letters.AsEnumerable().Reverse().Take(Math.Max(0, limit)).ToList();
        return Task.FromResult(new DeadLetterPage(record.State.Total, newest));
    }
}
