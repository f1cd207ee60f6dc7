using Orleans.Concurrency;
using Orleans.Placement;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// In memory; placed on the silo that first calls it, which is the checkpointer's own (it calls as soon as the read
/// starts), so taking the reports costs no network hop.
/// </summary>
[PreferLocalPlacement]
internal sealed class StreamProgressGrain : Grain, IStreamProgressGrain
{
    /// <summary>
    /// A read whose checkpointer stopped taking (its silo died) stops collecting here; a live checkpointer takes every
    /// few seconds, far below this.
    /// </summary>
    private const int MaxPending = 1_000_000;

    private List<long> _done = [];

    public Task CompletedAsync(long sequenceNumber)
    {
        if (_done.Count < MaxPending)
        {
            _done.Add(sequenceNumber);
        }

        return Task.CompletedTask;
    }

    public Task<long[]> TakeCompletedAsync()
    {
        var taken = _done.ToArray();
        _done = [];
        return Task.FromResult(taken);
    }
}
