namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// A transaction refused because of one of its actions (a conflict, a stale ETag, a missing row): nothing of it took
/// effect, so the outcome is certain, unlike a timeout.
/// </summary>
public sealed class TableActionFailedException(int failedIndex, int status, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The index of the refused action in the submitted list.</summary>
    public int FailedIndex { get; } = failedIndex;

    /// <summary>The HTTP status Azure Table gives for it: 409 exists, 412 ETag mismatch, 404 missing, 400 invalid.</summary>
    public int Status { get; } = status;
}
