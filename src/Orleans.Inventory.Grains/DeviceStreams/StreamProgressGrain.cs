using Orleans.Placement;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// In memory; placed on the silo that first calls it, normally the partition's first reader (its checkpointer calls
/// as soon as reading starts).
/// </summary>
[PreferLocalPlacement]
internal sealed class StreamProgressGrain : Grain, IStreamProgressGrain
{
    /// <summary>
    /// The newest reports kept; older ones are forgotten. A reader whose oldest open message is further back than that
    /// holds its checkpoint until its partition is read again (safe, and far beyond any cache's reach).
    /// </summary>
    private const int MaxKept = 200_000;

    private readonly SortedSet<long> _done = [];

    public Task CompletedAsync(long sequenceNumber)
    {
        _done.Add(sequenceNumber);
        while (_done.Count > MaxKept)
        {
            _done.Remove(_done.Min);
        }

        return Task.CompletedTask;
    }

    public Task<long[]> DoneBetweenAsync(long first, long last) =>
        Task.FromResult(first > last ? [] : _done.GetViewBetween(first, last).ToArray());
}
