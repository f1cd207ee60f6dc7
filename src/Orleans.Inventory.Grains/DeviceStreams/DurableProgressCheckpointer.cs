using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The checkpoint of one partition, moved only past messages whose effects are durable. Wraps the configured store
/// (Azure Table, or grain storage in the embedded profile), which persists the offset.
/// </summary>
/// <remarks>
/// Orleans' Event Hubs receiver calls <see cref="Update(string, DateTime, CancellationToken)"/> when its cache purges
/// old messages (by age, not by whether a consumer finished them) and at shutdown; neither proves the effects are
/// durable, so those calls are ignored. Instead, every <c>CheckpointInterval</c> this checkpointer asks the partition's
/// <see cref="IStreamProgressGrain"/> which of the messages it holds open (<see cref="PartitionReadLog"/>) consumers
/// reported done, and moves the stored checkpoint to the newest message before which nothing is open.
/// </remarks>
internal sealed partial class DurableProgressCheckpointer(
    string partition,
    IStreamQueueCheckpointer<string> store,
    PartitionReadLog readLog,
    IGrainFactory grains,
    DeviceStreamOptions options,
    TimeProvider time,
    string reader,
    ILogger logger) : IStreamQueueCheckpointer<string>
{
    private readonly CancellationTokenSource _stopping = new();
    private Guid _epoch;
    private Task _advancing = Task.CompletedTask;
    private DateTimeOffset _lastStallWarning = DateTimeOffset.MinValue;
    private DateTimeOffset _lastOverflowWarning = DateTimeOffset.MinValue;

    public bool CheckpointExists => store.CheckpointExists;

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<string> Load() => Load(CancellationToken.None);

    public async Task<string> Load(CancellationToken cancellationToken)
    {
        var offset = await store.Load(cancellationToken);
        _epoch = readLog.BeginRead(partition);
        // The first call places the progress grain here, next to this checkpointer (unless it already lives elsewhere),
        // and tells it who reads the partition now.
        await Progress.ReadingAsync(reader);
        LogReadStarted(partition, string.IsNullOrEmpty(offset) ? "(start of stream)" : offset, _epoch);
        _advancing = AdvancePeriodicallyAsync(_stopping.Token);
        return offset;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public void Update(string offset, DateTime utcNow)
    {
        // Ignored on purpose, see the remarks.
    }

    public void Update(string offset, DateTime utcNow, CancellationToken cancellationToken)
    {
        // Ignored on purpose, see the remarks.
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _advancing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await AdvanceAsync();
        }
        catch (Exception exception)
        {
            // Shutting down: the store keeps the last checkpoint it had, which is safe.
            LogAdvanceFailed(partition, exception);
        }

        try
        {
            await store.FlushAsync(cancellationToken);
        }
        finally
        {
            // Called when the receiver shuts down: this silo no longer reads the partition.
            readLog.EndRead(partition, _epoch);
        }
    }

    private IStreamProgressGrain Progress => grains.GetGrain<IStreamProgressGrain>(partition);

    private async Task AdvancePeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await Progress.ReadingAsync(reader);
                    await AdvanceAsync();
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    // The checkpoint stays where it is (safe); the next tick tries again.
                    LogAdvanceFailed(partition, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AdvanceAsync()
    {
        var now = time.GetUtcNow();
        long? forgottenThrough = null;
        if (readLog.OpenRange(partition) is { } open)
        {
            var report = await Progress.DoneBetweenAsync(open.First, open.Last);
            forgottenThrough = report.ForgottenThrough;
            if (readLog.Complete(partition, _epoch, report.Done) is { } safeOffset)
            {
                store.Update(safeOffset, now.UtcDateTime, CancellationToken.None);
            }
        }

        var status = readLog.Status(partition);
        if (status.OldestOpen is { } oldest && now - oldest.ReadAt > options.StallWarningAfter
            && now - _lastStallWarning > options.StallWarningAfter)
        {
            _lastStallWarning = now;
            var forgotten = forgottenThrough is { } through && oldest.SequenceNumber <= through;
            LogCheckpointHeld(partition, oldest.SequenceNumber, oldest.Offset, now - oldest.ReadAt, status.Open,
                forgotten ? "its done-report may have been forgotten by the progress grain (bound reached)" : "not reported done");
        }

        if (status.UntrackedFrom is { } untrackedFrom && now - _lastOverflowWarning > options.StallWarningAfter)
        {
            _lastOverflowWarning = now;
            LogReadLogFull(partition, options.MaxOpenMessagesPerPartition, untrackedFrom, status.Untracked);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Reading Event Hubs partition {Partition} from checkpoint {Offset} (read {Epoch})")]
    private partial void LogReadStarted(string partition, string offset, Guid epoch);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Could not advance the checkpoint of partition {Partition}")]
    private partial void LogAdvanceFailed(string partition, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "The checkpoint of partition {Partition} is held at sequence {SequenceNumber} (offset {Offset}): read {Age} ago and {Why}; {Open} messages open. It moves when that message is done, or is read again after a restart.")]
    private partial void LogCheckpointHeld(string partition, long sequenceNumber, string offset, TimeSpan age, int open, string why);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Partition {Partition} has more than {Bound} messages open: from sequence {UntrackedFrom} on ({Untracked} so far) reads are not tracked, so the checkpoint cannot pass the last tracked message until the partition is read again (restart or rebalance)")]
    private partial void LogReadLogFull(string partition, int bound, long untrackedFrom, long untracked);
}
