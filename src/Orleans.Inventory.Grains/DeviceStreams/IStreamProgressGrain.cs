namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// What device stream consumers (anywhere in the cluster) report done for one partition (key: the partition id): a
/// message whose effects and dead letters are durable. The partition's checkpointer asks which of the messages it
/// still holds open are done. A report is a fact, whichever silo read the message; reports are kept (the newest
/// <c>MaxKept</c>) because after a rebalance Orleans does not deliver again what a consumer already processed, so the
/// new reader learns of it only from here. In memory only: a lost report holds the checkpoint back (the message is
/// read and applied again after a restart, and answers duplicate), it never lets it run ahead.
/// </summary>
public interface IStreamProgressGrain : IGrainWithStringKey
{
    /// <summary>A message is done: its effects and dead letters are durable.</summary>
    Task CompletedAsync(long sequenceNumber);

    /// <summary>The messages from <paramref name="first"/> to <paramref name="last"/> (sequence numbers) reported done.</summary>
    Task<long[]> DoneBetweenAsync(long first, long last);
}
