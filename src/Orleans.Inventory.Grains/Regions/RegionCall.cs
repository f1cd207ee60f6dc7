using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// One call waiting for a region write: it fails if any of its own changes was refused or not stored, and succeeds
/// otherwise, whatever happened to the other calls of the same write.
/// </summary>
internal sealed class RegionCall(IReadOnlyList<StockSnapshot>? snapshots = null)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<StockSnapshot> Snapshots { get; } = snapshots ?? [];

    public Exception? Failure { get; private set; }

    public Task Done => _done.Task;

    /// <summary>Keeps the first reason: the one the caller gets.</summary>
    public void Fail(Exception exception) => Failure ??= exception;

    public void Resolve()
    {
        if (Failure is null)
        {
            _done.TrySetResult();
        }
        else
        {
            _done.TrySetException(Failure);
        }
    }
}
