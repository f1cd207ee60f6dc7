namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>
/// The events of one partition, in order. Readers see the retained events in memory; a store, when present,
/// makes every append durable before it returns. Appends are serialized by one lock per partition.
/// </summary>
internal sealed class PartitionLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _events = [];
    private readonly IPartitionStore? _store;
    private readonly TimeProvider _time;
    private readonly long _maxEvents;
    private readonly TimeSpan? _maxAge;
    private long _nextSequenceNumber;
    private long _nextOffset;
    private long _lastOffset = -1;
    private DateTime _lastEnqueuedTimeUtc;
    private TaskCompletionSource _appended = NewSignal();

    public PartitionLog(string partitionId, IPartitionStore? store, TimeProvider time, long maxEvents, TimeSpan? maxAge)
    {
        PartitionId = partitionId;
        _store = store;
        _time = time;
        _maxEvents = maxEvents;
        _maxAge = maxAge;
        if (store is not null)
        {
            var loaded = store.Load();
            _events.AddRange(loaded);
            if (loaded.Count > 0)
            {
                var last = loaded[^1];
                _nextSequenceNumber = last.SequenceNumber + 1;
                _nextOffset = last.NextOffset;
                _lastOffset = last.Offset;
                _lastEnqueuedTimeUtc = last.EnqueuedTimeUtc;
            }
        }

        lock (_lock)
        {
            TrimUnderLock();
        }
    }

    public string PartitionId { get; }

    /// <summary>Completes at the next append; readers wait on it instead of polling.</summary>
    public Task Appended
    {
        get
        {
            lock (_lock)
            {
                return _appended.Task;
            }
        }
    }

    public IReadOnlyList<StoredEvent> Append(IReadOnlyList<PendingEvent> pending)
    {
        TaskCompletionSource signal;
        StoredEvent[] stored;
        lock (_lock)
        {
            // Enqueued times never go backwards within a partition, even if the clock does.
            var now = _time.GetUtcNow().UtcDateTime;
            now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
            if (now < _lastEnqueuedTimeUtc)
            {
                now = _lastEnqueuedTimeUtc;
            }

            stored = new StoredEvent[pending.Count];
            var sequenceNumber = _nextSequenceNumber;
            var offset = _nextOffset;
            for (var i = 0; i < pending.Count; i++)
            {
                stored[i] = new StoredEvent(sequenceNumber++, offset, now, pending[i].PartitionKey, pending[i].Message);
                offset = stored[i].NextOffset;
            }

            // The store throws before anything is visible, so a failed append leaves no trace for readers.
            _store?.Append(stored);
            _events.AddRange(stored);
            _nextSequenceNumber = sequenceNumber;
            _nextOffset = offset;
            _lastOffset = stored.Length > 0 ? stored[^1].Offset : _lastOffset;
            _lastEnqueuedTimeUtc = now;
            TrimUnderLock();
            signal = _appended;
            _appended = NewSignal();
        }

        signal.TrySetResult();
        return stored;
    }

    /// <summary>Returns up to <paramref name="max"/> events from <paramref name="fromSequenceNumber"/> on.</summary>
    public IReadOnlyList<StoredEvent> Read(long fromSequenceNumber, int max)
    {
        lock (_lock)
        {
            TrimUnderLock();
            var index = IndexOfSequenceNumber(fromSequenceNumber);
            var count = Math.Min(max, _events.Count - index);
            return count <= 0 ? [] : _events.GetRange(index, count);
        }
    }

    public PartitionSnapshot Snapshot()
    {
        lock (_lock)
        {
            TrimUnderLock();
            return new PartitionSnapshot(
                PartitionId,
                _events.Count == 0 ? _nextSequenceNumber : _events[0].SequenceNumber,
                _nextSequenceNumber - 1,
                _lastOffset,
                _lastEnqueuedTimeUtc,
                _events.Count == 0,
                _nextSequenceNumber,
                _nextOffset);
        }
    }

    /// <summary>The sequence number of the first event a reader starting at <paramref name="position"/> gets.</summary>
    public long Resolve(StartPosition position)
    {
        lock (_lock)
        {
            TrimUnderLock();
            return position.Kind switch
            {
                StartPositionKind.Earliest => FirstRetainedUnderLock(),
                StartPositionKind.Latest => _nextSequenceNumber,
                StartPositionKind.SequenceNumber => Math.Max(
                    FirstRetainedUnderLock(),
                    position.Inclusive ? position.Value : position.Value + 1),
                StartPositionKind.Offset => FirstMatchUnderLock(e => position.Inclusive ? e.Offset >= position.Value : e.Offset > position.Value),
                StartPositionKind.EnqueuedTime => FirstMatchUnderLock(e => new DateTimeOffset(e.EnqueuedTimeUtc).ToUnixTimeMilliseconds() > position.Value),
                _ => throw new ArgumentOutOfRangeException(nameof(position)),
            };
        }
    }

    public void Dispose()
    {
        // Under the lock, so a store is never closed in the middle of an append.
        lock (_lock)
        {
            _store?.Dispose();
        }
    }

    private long FirstRetainedUnderLock() => _events.Count == 0 ? _nextSequenceNumber : _events[0].SequenceNumber;

    private long FirstMatchUnderLock(Func<StoredEvent, bool> match)
    {
        // Offsets and enqueued times grow with the sequence number, so the first match is found by bisection.
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (match(_events[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low < _events.Count ? _events[low].SequenceNumber : _nextSequenceNumber;
    }

    private int IndexOfSequenceNumber(long sequenceNumber)
    {
        if (_events.Count == 0)
        {
            return 0;
        }

        var index = sequenceNumber - _events[0].SequenceNumber;
        return (int)Math.Clamp(index, 0, _events.Count);
    }

    private void TrimUnderLock()
    {
        var drop = 0;
        if (_maxEvents > 0 && _events.Count > _maxEvents)
        {
            drop = (int)(_events.Count - _maxEvents);
        }

        if (_maxAge is { } maxAge)
        {
            var cutoff = _time.GetUtcNow().UtcDateTime - maxAge;
            while (drop < _events.Count && _events[drop].EnqueuedTimeUtc < cutoff)
            {
                drop++;
            }
        }

        if (drop > 0)
        {
            _events.RemoveRange(0, drop);
            _store?.Trim(FirstRetainedUnderLock());
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
