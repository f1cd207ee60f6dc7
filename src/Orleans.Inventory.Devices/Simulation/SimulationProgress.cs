namespace Orleans.Inventory.Devices.Simulation;

/// <summary>Live counters of a run, updated by the senders and read by the progress display.</summary>
internal sealed class SimulationProgress(long targetEvents)
{
    private long _eventsSent;
    private long _duplicates;
    private long _outOfOrder;
    private long _malformedItems;
    private long _messages;
    private long _failedSends;
    private long _unconfirmedMessages;

    public long TargetEvents { get; } = targetEvents;

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public long MalformedItems => Interlocked.Read(ref _malformedItems);

    public long Messages => Interlocked.Read(ref _messages);

    public long FailedSends => Interlocked.Read(ref _failedSends);

    public long UnconfirmedMessages => Interlocked.Read(ref _unconfirmedMessages);

    /// <summary>The newest send failure, for the display.</summary>
    public string? LastError { get; private set; }

    public void Confirmed(IReadOnlyCollection<PlannedMessage> messages)
    {
        var items = messages.SelectMany(m => m.Items).ToList();
        Interlocked.Add(ref _eventsSent, items.Count(i => i.Malformed is null));
        Interlocked.Add(ref _duplicates, items.Count(i => i.Duplicate));
        Interlocked.Add(ref _outOfOrder, items.Count(i => i.OutOfOrder));
        Interlocked.Add(ref _malformedItems, items.Count(i => i.Malformed is not null));
        Interlocked.Add(ref _messages, messages.Count);
    }

    public void Failed(IReadOnlyCollection<PlannedMessage> messages, string error)
    {
        Interlocked.Increment(ref _failedSends);
        Interlocked.Add(ref _unconfirmedMessages, messages.Count);
        LastError = error;
    }
}
