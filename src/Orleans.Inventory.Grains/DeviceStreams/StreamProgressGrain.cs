using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// In memory; placed on the silo that first calls it, normally the partition's first reader (its checkpointer calls
/// as soon as reading starts). Keeps the newest <see cref="DeviceStreamOptions.MaxProgressReportsKept"/> reports;
/// forgetting older ones is counted, logged (aggregated) and answered with every query, never silent.
/// </summary>
[PreferLocalPlacement]
internal sealed partial class StreamProgressGrain(
    IOptions<DeviceStreamOptions> options,
    DeviceStreamMetrics metrics,
    TimeProvider time,
    ILogger<StreamProgressGrain> logger) : Grain, IStreamProgressGrain
{
    private readonly SortedSet<long> _done = [];
    private long? _forgottenThrough;
    private long _forgottenSinceLog;
    private DateTimeOffset _lastLog = DateTimeOffset.MinValue;
    private string? _reader;
    private long _readerSeen;

    public Task CompletedAsync(IReadOnlyList<long> sequenceNumbers)
    {
        _done.UnionWith(sequenceNumbers);
        var forgotten = 0;
        while (_done.Count > options.Value.MaxProgressReportsKept)
        {
            _forgottenThrough = _done.Min;
            _done.Remove(_done.Min);
            forgotten++;
        }

        if (forgotten > 0)
        {
            metrics.ProgressReportsForgotten(this.GetPrimaryKeyString(), forgotten);
            _forgottenSinceLog += forgotten;
            var now = DateTimeOffset.UtcNow;
            if (now - _lastLog >= TimeSpan.FromMinutes(1))
            {
                LogForgotten(this.GetPrimaryKeyString(), _forgottenSinceLog, _forgottenThrough!.Value, options.Value.MaxProgressReportsKept);
                _forgottenSinceLog = 0;
                _lastLog = now;
            }
        }

        return Task.CompletedTask;
    }

    public Task<ProgressReport> DoneBetweenAsync(long first, long last) =>
        Task.FromResult(new ProgressReport(first > last ? [] : _done.GetViewBetween(first, last).ToArray(), _forgottenThrough));

    public Task ReadingAsync(string reader)
    {
        _reader = reader;
        _readerSeen = time.GetTimestamp();
        return Task.CompletedTask;
    }

    public Task<PartitionReader?> ReaderAsync() =>
        Task.FromResult(_reader is null ? null : new PartitionReader(_reader, time.GetElapsedTime(_readerSeen)));

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning,
        Message = "Stream progress of partition {Partition}: forgot {Count} done-report(s) (up to sequence {Through}) to stay within {Bound}; a reader still waiting on one holds its checkpoint until the partition is read again")]
    private partial void LogForgotten(string partition, long count, long through, int bound);
}
