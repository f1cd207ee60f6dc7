using System.IO.Hashing;
using System.Text;

namespace Orleans.Inventory.DeadLetters;

/// <summary>
/// Spreads dead letters over a fixed number of grains so a burst of bad input (a misconfigured device fleet) does
/// not queue behind one hot grain, and reads them back merged, newest first.
/// </summary>
public static class DeadLetterShards
{
    /// <summary>Fixed forever: changing it would strand letters in shards nobody reads.</summary>
    public const int Count = 4;

    public const int MaxQueryLimit = 1000;

    public static int ShardOf(string letterId) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(letterId)) % Count);

    public static Task AddDeadLettersAsync(this IGrainFactory grains, IEnumerable<DeadLetter> letters) =>
        Task.WhenAll(letters
            .GroupBy(letter => ShardOf(letter.Id))
            .Select(shard => grains.GetGrain<IDeadLetterGrain>(shard.Key).AddAsync([.. shard])));

    public static Task RemoveDeadLettersAsync(this IGrainFactory grains, IEnumerable<string> letterIds) =>
        Task.WhenAll(letterIds
            .GroupBy(ShardOf)
            .Select(shard => grains.GetGrain<IDeadLetterGrain>(shard.Key).RemoveAsync([.. shard])));

    public static async Task<DeadLetterPage> GetDeadLettersAsync(this IGrainFactory grains, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxQueryLimit);
        var pages = await Task.WhenAll(Enumerable.Range(0, Count)
            .Select(shard => grains.GetGrain<IDeadLetterGrain>(shard).GetRecentAsync(limit)));
        var newest = pages
            .SelectMany(page => page.Items)
            .OrderByDescending(letter => letter.RecordedAt)
            .ThenBy(letter => letter.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new DeadLetterPage(pages.Sum(page => page.Total), newest);
    }
}
