namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// What this silo has read from each Event Hubs partition and not yet seen done, in read order. The checkpoint of a
/// partition is the offset of the last message before the oldest one still open, so it never passes a message whose
/// effects (stock records, dead letters) are not durable yet.
/// </summary>
/// <remarks>
/// Each (re)start of reading a partition opens a new epoch, so a checkpointer of an earlier read (stopping) can never
/// close a message this read still waits for. Bounded by the
/// stream cache: the receiver stops reading while its consumers lag (cache pressure), and this log holds no more
/// than what was read. Thread-safe: the receiver reads and the checkpointer completes on different threads.
/// </remarks>
public sealed class PartitionReadLog(TimeProvider time)
{
    private readonly Dictionary<string, PartitionReads> _partitions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Starts a new read of <paramref name="partition"/>, forgetting what an earlier read left open.</summary>
    public Guid BeginRead(string partition)
    {
        lock (_lock)
        {
            var reads = new PartitionReads(Guid.NewGuid());
            _partitions[partition] = reads;
            return reads.Epoch;
        }
    }

    /// <summary>Notes a message as read (and open).</summary>
    public void Read(string partition, long sequenceNumber, string offset)
    {
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out var reads))
            {
                reads = new PartitionReads(Guid.NewGuid());
                _partitions[partition] = reads;
            }

            reads.Open.Enqueue(new OpenMessage(sequenceNumber, offset, time.GetUtcNow()));
        }
    }

    /// <summary>
    /// Marks messages of <paramref name="epoch"/> done and answers the offset the checkpoint may move to: the newest
    /// message before which nothing is open; null when it cannot move (or the epoch is no longer current).
    /// </summary>
    public string? Complete(string partition, Guid epoch, IEnumerable<long> doneSequenceNumbers)
    {
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out var reads) || reads.Epoch != epoch)
            {
                return null;
            }

            reads.Done.UnionWith(doneSequenceNumbers);
            string? safeOffset = null;
            while (reads.Open.TryPeek(out var oldest) && reads.Done.Remove(oldest.SequenceNumber))
            {
                reads.Open.Dequeue();
                safeOffset = oldest.Offset;
            }

            // A report for a message this read never saw (a redelivery of an older read) can never close anything.
            if (reads.Open.TryPeek(out var stillOpen))
            {
                reads.Done.RemoveWhere(sequence => sequence < stillOpen.SequenceNumber);
            }
            else
            {
                reads.Done.Clear();
            }

            return safeOffset;
        }
    }

    /// <summary>The oldest message of the current read still open, if any: what holds the checkpoint back.</summary>
    public OpenMessage? OldestOpen(string partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var reads) && reads.Open.TryPeek(out var oldest) ? oldest : null;
        }
    }

    /// <summary>The sequence numbers of the oldest and newest open messages of the current read, if any.</summary>
    public (long First, long Last)? OpenRange(string partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var reads) && reads.Open.Count > 0
                ? (reads.Open.Peek().SequenceNumber, reads.Open.Last().SequenceNumber)
                : null;
        }
    }

    /// <summary>How many messages of the current read are open.</summary>
    public int OpenCount(string partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var reads) ? reads.Open.Count : 0;
        }
    }

    private sealed class PartitionReads(Guid epoch)
    {
        public Guid Epoch { get; } = epoch;

        public Queue<OpenMessage> Open { get; } = new();

        public HashSet<long> Done { get; } = [];
    }
}
