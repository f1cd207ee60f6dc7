using System.Diagnostics;
using Azure.Data.Tables;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;

namespace Orleans.Inventory.Grains.Audit;

/// <summary>
/// The audit table (<c>Inventory:Tables:AuditTable</c>): one partition per UTC day, one row per record keyed by its
/// time and id (<c>{time}|{id}</c>), so a day's rows read back in time order and a time range is a key range.
/// Committed through the silo's <see cref="TableCommitter"/> for the table, like every other inventory table.
/// </summary>
internal sealed class AuditStore(TableCommitter committer, StorageMetrics metrics)
{
    private const string Kind = "audit";

    public IInventoryTable Table => committer.Table;

    public static string Partition(string day) => $"audit|{day}";

    public static string RowKey(DateTimeOffset time, string id) => AuditRules.Cursor(time) + TableKeys.Escape(id);

    /// <summary>Commits the records of one day, at most a transaction's worth at a time; a repeat replaces the row.</summary>
    public async Task AppendAsync(string day, IReadOnlyList<AuditRecord> records)
    {
        foreach (var chunk in records.DistinctBy(r => RowKey(r.Time, r.Id)).Chunk(IInventoryTable.MaxActionsPerTransaction))
        {
            var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(day, r))).ToList();
            await committer.CommitAsync(actions, [.. Enumerable.Repeat(Kind, actions.Count)]);
        }
    }

    /// <summary>Rows of the day in the query's range and after its cursor, filtered, within its limit and scan budget.</summary>
    public async Task<AuditDayPage> QueryAsync(string day, AuditDayQuery query)
    {
        var from = query.After is { } after && string.CompareOrdinal(after, RowKey(query.From, "")) > 0 ? after : RowKey(query.From, "");
        var to = RowKey(query.To, "");
        var budget = Math.Clamp(query.MaxScan, 1, AuditRules.MaxScanPerCall);
        var limit = Math.Max(1, query.Limit);
        var found = new List<AuditRecord>();
        var scanned = 0;
        string? last = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // One row more than the budget tells whether more remain; one more again for the cursor's own row, skipped.
            await foreach (var row in committer.Table.QueryAsync(Partition(day), from, to, budget + (query.After is null ? 1 : 2)))
            {
                if (string.Equals(row.RowKey, query.After, StringComparison.Ordinal))
                {
                    continue;
                }

                if (scanned == budget || found.Count == limit)
                {
                    // More rows remain: answer the cursor after the last one read.
                    return new AuditDayPage(found, last, scanned);
                }

                scanned++;
                last = row.RowKey;
                var record = FromRow(row);
                if ((query.Action is null || record.Action == query.Action) && (query.Actor is null || record.Actor == query.Actor))
                {
                    found.Add(record);
                }
            }
        }
        catch
        {
            metrics.Failed(Kind, "read");
            throw;
        }
        finally
        {
            metrics.Operation(Kind, "read", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new AuditDayPage(found, null, scanned);
    }

    private static TableEntity ToRow(string day, AuditRecord record)
    {
        var row = new TableEntity(Partition(day), RowKey(record.Time, record.Id))
        {
            ["Id"] = record.Id,
            ["Time"] = record.Time,
            ["Actor"] = record.Actor,
            ["Channel"] = record.Channel,
            ["Action"] = record.Action,
            ["Target"] = record.Target,
            ["Outcome"] = record.Outcome,
            ["Status"] = record.Status,
            ["Count"] = record.Count,
            ["Truncated"] = record.Truncated,
        };
        if (record.Reason is not null)
        {
            row["Reason"] = record.Reason;
        }

        if (record.Remote is not null)
        {
            row["Remote"] = record.Remote;
        }

        if (record.Detail is not null)
        {
            row["Detail"] = record.Detail;
        }

        return row;
    }

    private static AuditRecord FromRow(TableEntity row) => new(
        row.GetString("Id") ?? "",
        row.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
        row.GetString("Actor") ?? "",
        row.GetString("Channel") ?? "",
        row.GetString("Action") ?? "",
        row.GetString("Target") ?? "",
        row.GetString("Outcome") ?? "",
        row.GetString("Reason"),
        row.GetInt32("Status") ?? 0,
        row.GetInt64("Count") ?? 1,
        row.GetString("Remote"),
        row.GetString("Detail"),
        row.GetBoolean("Truncated") ?? false);
}
