using Orleans.Inventory.Security;

namespace Orleans.Inventory.DeadLetters;

/// <summary>
/// One shard of the dead-letter record (key: shard number, see <see cref="DeadLetterShards"/>). Keeps the newest
/// letters up to a configured cap and counts all; adding a letter whose id it already keeps changes nothing.
/// </summary>
public interface IDeadLetterGrain : IGrainWithIntegerKey
{
    [CallerCheck(CallerRoles.Device, CallerRoles.Manager)]
    Task AddAsync(IReadOnlyList<DeadLetter> letters);

    Task<DeadLetterPage> GetRecentAsync(int limit);

    /// <summary>Removes the letters with these ids (resolved by a replay); unknown ids are ignored.</summary>
    [CallerCheck(CallerRoles.Manager)]
    Task RemoveAsync(IReadOnlyList<string> letterIds);
}
