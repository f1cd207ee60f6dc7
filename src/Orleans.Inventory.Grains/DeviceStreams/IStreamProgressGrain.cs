using Orleans.Inventory.Security;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// What device stream consumers (anywhere in the cluster) report done for one partition (key: the partition id): a
/// message whose effects and dead letters are durable. The partition's checkpointer asks which of the messages it
/// still holds open are done. A report is a fact, whichever silo read the message; reports are kept (the newest
/// <see cref="DeviceStreamOptions.MaxProgressReportsKept"/>) because after a rebalance Orleans does not deliver again
/// what a consumer already processed, so the new reader learns of it only from here. In memory only: a lost report
/// holds the checkpoint back (the message is read and applied again after a restart, and answers duplicate), it never
/// lets it run ahead.
/// </summary>
public interface IStreamProgressGrain : IGrainWithStringKey
{
    /// <summary>Messages are done: their effects and dead letters are durable.</summary>
    /// <remarks>Checked (system only): a forged report would let the checkpoint run past messages never applied.</remarks>
    [CallerCheck]
    Task CompletedAsync(IReadOnlyList<long> sequenceNumbers);

    /// <summary>
    /// The messages from <paramref name="first"/> to <paramref name="last"/> (sequence numbers) reported done, and up
    /// to which sequence number older reports were forgotten (the bound), so a reader waiting on one of those knows.
    /// </summary>
    Task<ProgressReport> DoneBetweenAsync(long first, long last);

    /// <summary>
    /// The partition's reader is reading it: its checkpointer says so when the read starts and every
    /// <see cref="DeviceStreamOptions.CheckpointInterval"/> after (the readiness check's evidence of ownership).
    /// </summary>
    Task ReadingAsync(string reader);

    /// <summary>The reader that last said it reads the partition, and how long ago; null when none has since this grain activated.</summary>
    Task<PartitionReader?> ReaderAsync();
}
