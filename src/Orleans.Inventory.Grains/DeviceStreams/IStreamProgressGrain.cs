namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The mailbox between device stream consumers (anywhere in the cluster) and the checkpointer of one read of one
/// partition (key: <see cref="KeyOf"/>): consumers report messages whose effects are durable; the checkpointer takes
/// the reports and moves the checkpoint. Kept in memory only: a lost report holds the checkpoint back (the messages are
/// read and applied again after a restart, and answer duplicate), it never lets it run ahead.
/// </summary>
public interface IStreamProgressGrain : IGrainWithStringKey
{
    /// <summary>A message of this read is done: its effects and dead letters are durable.</summary>
    Task CompletedAsync(long sequenceNumber);

    /// <summary>Answers the messages reported done since the last call, and forgets them.</summary>
    Task<long[]> TakeCompletedAsync();

    static string KeyOf(string partition, Guid readEpoch) => $"{partition}/{readEpoch:N}";
}
