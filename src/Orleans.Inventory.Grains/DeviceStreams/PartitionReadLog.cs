namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// What this silo has read from each Event Hubs partition and not yet seen done, in read order. The checkpoint of a
/// partition is the offset of the last message before the oldest one still open, so it never passes a message whose
/// effects (stock records, dead letters) are not durable yet.
/// </summary>
/// <remarks>
/// Each (re)start of reading a partition opens a new epoch, so a checkpointer of an earlier read (stopping) can never
/// close a message this read still waits for.
/// Bounded: at most <c>maxOpenPerPartition</c> messages are tracked per partition. Normally far fewer are open (the
/// receiver stops reading while consumers lag, and a message that keeps failing is dead-lettered and done); past the
/// bound the log stops tracking new reads and marks the partition overflowed: the checkpoint may still move up to the
/// last tracked message, never beyond it (what was not tracked may not be done), until the partition is read again.
/// Thread-safe: the receiver reads and the checkpointer completes on different threads.
/// </remarks>
public sealed class PartitionReadLog(TimeProvider time, int maxOpenPerPartition = PartitionReadLog.DefaultMaxOpenPerPartition)
{
    public const int DefaultMaxOpenPerPartition = 100_000;

    private readonly Dictionary<string, PartitionReads> _partitions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Raised (outside the lock) the first time a read of a partition passes the bound: partition, bound.</summary>
    public event Action<string, int>? Overflowed;

    /// <summary>Starts a new read of <paramref name="partition"/>, forgetting what an earlier read left open.</summary>
    public Guid BeginRead(string partition)
    {
        lock (_lock)
        {
            var reads = new PartitionReads(Guid.NewGuid());
            if (_partitions.TryGetValue(partition, out var earlier))
            {
                reads.LastEnqueued = earlier.LastEnqueued;
            }

            _partitions[partition] = reads;
            return reads.Epoch;
        }
    }

    /// <summary>The read <paramref name="epoch"/> of <paramref name="partition"/> stopped (its receiver shut down); no-op if a newer one began.</summary>
    public void EndRead(string partition, Guid epoch)
    {
        lock (_lock)
        {
            if (_partitions.TryGetValue(partition, out var reads) && reads.Epoch == epoch)
            {
                reads.Reading = false;
            }
        }
    }

    /// <summary>The partitions this silo reads now (a read began and has not ended).</summary>
    public IReadOnlyList<string> ReadingPartitions()
    {
        lock (_lock)
        {
            return [.. _partitions.Where(p => p.Value.Reading).Select(p => p.Key)];
        }
    }

    /// <summary>Notes the partition's last enqueued sequence number as Event Hubs reported it (-1: the partition is empty).</summary>
    public void Enqueued(string partition, long lastEnqueuedSequenceNumber)
    {
        lock (_lock)
        {
            if (_partitions.TryGetValue(partition, out var reads))
            {
                reads.LastEnqueued = lastEnqueuedSequenceNumber;
            }
        }
    }

    /// <summary>
    /// How many messages of a partition this silo reads are not known done: the last enqueued sequence number (as last
    /// noted by <see cref="Enqueued"/>) minus the newest sequence number before which nothing read is open (the newest
    /// the checkpoint may move to). Null when the partition is not read here, its last enqueued number is not known
    /// yet, or the current read has neither read nor completed a message (its position is only an offset then).
    /// </summary>
    public long? Lag(string partition)
    {
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out var reads) || !reads.Reading || reads.LastEnqueued is not { } enqueued)
            {
                return null;
            }

            if (enqueued < 0)
            {
                return 0; // nothing was ever enqueued
            }

            long? doneThrough = reads.Open.TryPeek(out var oldest) ? oldest.SequenceNumber - 1 : reads.Checkpointed;
            return doneThrough is { } done ? Math.Max(0, enqueued - done) : null;
        }
    }

    /// <summary>Notes a message as read (and open).</summary>
    public void Read(string partition, long sequenceNumber, string offset)
    {
        var overflowedNow = false;
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out var reads))
            {
                reads = new PartitionReads(Guid.NewGuid());
                _partitions[partition] = reads;
            }

            if (reads.UntrackedFrom is not null)
            {
                reads.Untracked++;
                return;
            }

            if (reads.Open.Count >= maxOpenPerPartition)
            {
                reads.UntrackedFrom = sequenceNumber;
                reads.Untracked = 1;
                overflowedNow = true;
            }
            else
            {
                reads.Enqueue(new OpenMessage(sequenceNumber, offset, time.GetUtcNow()));
            }
        }

        if (overflowedNow)
        {
            Overflowed?.Invoke(partition, maxOpenPerPartition);
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

            reads.Completions++;
            if (reads.Open.Count == 0)
            {
                return null;
            }

            var first = reads.Open.Peek().SequenceNumber;
            var last = reads.NewestTracked;
            // Only reports inside the open range can close anything: the done set never outgrows the open queue.
            reads.Done.UnionWith(doneSequenceNumbers.Where(sequence => sequence >= first && sequence <= last));
            string? safeOffset = null;
            while (reads.Open.TryPeek(out var oldest) && reads.Done.Remove(oldest.SequenceNumber))
            {
                reads.Open.Dequeue();
                safeOffset = oldest.Offset;
                reads.Checkpointed = oldest.SequenceNumber;
            }

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
                ? (reads.Open.Peek().SequenceNumber, reads.NewestTracked)
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

    /// <summary>Where the current read of a partition stands, for logs, metrics and tests.</summary>
    public PartitionReadStatus Status(string partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var reads)
                ? new PartitionReadStatus(reads.Open.Count, reads.Open.Count > 0 ? reads.Open.Peek() : null, reads.Checkpointed,
                    reads.UntrackedFrom, reads.Untracked, reads.Completions)
                : new PartitionReadStatus(0, null, null, null, 0, 0);
        }
    }

    /// <summary>The partitions this silo has read.</summary>
    public IReadOnlyList<string> Partitions()
    {
        lock (_lock)
        {
            return [.. _partitions.Keys];
        }
    }

    private sealed class PartitionReads(Guid epoch)
    {
        public Guid Epoch { get; } = epoch;

        public Queue<OpenMessage> Open { get; } = new();

        public HashSet<long> Done { get; } = [];

        /// <summary>The sequence number of the newest message the checkpoint may move to, once it moved.</summary>
        public long? Checkpointed { get; set; }

        /// <summary>Set once the bound was hit: the first message of this read not tracked.</summary>
        public long? UntrackedFrom { get; set; }

        public long Untracked { get; set; }

        public long Completions { get; set; }

        /// <summary>False once the receiver of this read shut down (the partition moved, or the silo stops).</summary>
        public bool Reading { get; set; } = true;

        /// <summary>The partition's last enqueued sequence number, as Event Hubs last reported it (kept across reads).</summary>
        public long? LastEnqueued { get; set; }

        /// <summary>The newest message tracked (messages are read in sequence order, so the queue's tail).</summary>
        public long NewestTracked { get; private set; }

        public void Enqueue(OpenMessage message)
        {
            Open.Enqueue(message);
            NewestTracked = message.SequenceNumber;
        }
    }
}
