using Microsoft.Extensions.Options;
using Orleans.Inventory.DeadLetters;

namespace Orleans.Inventory.Grains.DeadLetters;

/// <summary>One shard of the dead-letter record: the newest letters, bounded, plus a running total.</summary>
internal sealed class DeadLetterGrain(
    [PersistentState("dead-letters", StorageNames.Inventory)] IPersistentState<DeadLetterState> record,
    IOptions<DeadLetterOptions> options) : Grain, IDeadLetterGrain
{
    public async Task AddAsync(IReadOnlyList<DeadLetter> letters)
    {
        var letterIds = record.State.Letters.Select(letter => letter.Id).ToHashSet(StringComparer.Ordinal);
        var added = letters.Where(letter => letterIds.Add(letter.Id)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        record.State.Letters.AddRange(added);
        record.State.Total += added.Count;
        var excess = record.State.Letters.Count - options.Value.CapacityPerShard;
        if (excess > 0)
        {
            record.State.Letters.RemoveRange(0, excess);
        }

        await record.WriteStateAsync();
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
