using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Telemetry;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// Writes the audit feed behind the requests it records: every <see cref="AuditOptions.FlushPeriod"/> it queues the
/// denied-attempt counts, and it sends queued records to their day's <see cref="IAuditDayGrain"/> in batches. A batch
/// storage refuses <see cref="AuditOptions.WriteAttempts"/> times is dropped, counted and logged; no request waits.
/// </summary>
internal sealed partial class AuditWriter(
    AuditFeed feed, IGrainFactory grains, IOptions<AuditOptions> options, TimeProvider clock, AuditMetrics metrics, WarningGate warnings,
    CallerEnvelopeSigner signer, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>The envelope subject the writer appends as.</summary>
    public const string WriterActor = "system:audit-writer";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flushing = FlushLoopAsync(stoppingToken);
        try
        {
            while (await feed.Queued.WaitToReadAsync(stoppingToken))
            {
                await WriteQueuedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await flushing;

        // What was counted or queued before the host stopped, once, without retries.
        feed.FlushDenied();
        while (feed.Queued.Count > 0)
        {
            await WriteQueuedAsync(CancellationToken.None, attempts: 1);
        }
    }

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.FlushPeriod, clock, stoppingToken);
                feed.FlushDenied();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteQueuedAsync(CancellationToken stoppingToken, int? attempts = null)
    {
        var batch = new List<AuditRecord>();
        while (batch.Count < options.Value.MaxBatch && feed.Queued.TryRead(out var record))
        {
            batch.Add(record);
        }

        metrics.Queued(-batch.Count);
        foreach (var day in batch.GroupBy(r => AuditRules.DayOf(r.Time)))
        {
            var records = day.ToList();
            await WriteDayAsync(day.Key, records, attempts ?? options.Value.WriteAttempts, stoppingToken);
        }
    }

    private async Task WriteDayAsync(string day, List<AuditRecord> records, int attempts, CancellationToken stoppingToken)
    {
        // Written behind the requests, as the API itself: appending to the audit feed is for the system role only.
        CallerContext.UseEnvelope(signer.Issue(WriterActor, CallerContext.System, [CallerRoles.System], [CallerEnvelope.AllWarehouses], clock.GetUtcNow()));
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IAuditDayGrain>(day).AppendAsync(records);
                metrics.Written(records.Count);
                return;
            }
            catch (Exception exception) when (attempt < attempts && !stoppingToken.IsCancellationRequested)
            {
                LogWriteRetry(day, records.Count, attempt, exception.Message);
                try
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                }

                wait *= 2;
            }
            catch (Exception exception)
            {
                metrics.Dropped("write_failed", records.Count);
                if (warnings.ShouldLog(123, out var suppressed))
                {
                    LogWriteFailed(day, records.Count, attempt, suppressed, exception);
                }

                return;
            }
        }
    }

    [LoggerMessage(EventId = 124, Level = LogLevel.Debug, Message = "Audit: writing {Records} records of {Day} failed (attempt {Attempt}): {Error}; trying again")]
    private partial void LogWriteRetry(string day, int records, int attempt, string error);

    [LoggerMessage(EventId = 123, Level = LogLevel.Error,
        Message = "Audit: {Records} records of {Day} dropped after {Attempts} failed writes ({Suppressed} more such lines suppressed)")]
    private partial void LogWriteFailed(string day, int records, int attempts, long suppressed, Exception exception);
}
