using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger.AzureTable;

/// <summary>
/// The ledger in Azure Table storage (Azurite locally). One partition per product at warehouse, so every append is
/// a table transaction inside one partition: each entry is two rows, its sequence row (row key = zero-padded
/// sequence, so a range scan reads in order) and an event-id row (<c>e|{event id}|{sequence}</c>, a copy that makes
/// <see cref="FindByEventIdAsync"/> one range query). At most 50 entries (100 rows, Azure's limit) per transaction.
/// </summary>
/// <remarks>
/// Rows are only ever added. The stock grain is the one writer of its partition and appends what its committed
/// outbox holds, so an append either finds its sequences free (the normal case: no read besides the gap check) or
/// finds them stored by an earlier flush that crashed before the outbox was emptied: Azure refuses the add with 409,
/// and the store compares what is stored, skips entries stored with the same event id and adds the rest. Entry row
/// and event-id row go in the same transaction, so they never disagree.
/// </remarks>
public sealed partial class AzureTableLedgerStore(TableClient table, ILogger<AzureTableLedgerStore> logger) : ILedgerStore
{
    /// <summary>Two rows per entry and at most 100 rows in a table transaction.</summary>
    public const int EntriesPerTransaction = 50;

    private Task? _created;

    public async Task AppendAsync(StockKey key, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Sequence != entries[i - 1].Sequence + 1)
            {
                throw new LedgerConflictException(
                    $"Ledger {key}: entries to append are not consecutive ({entries[i - 1].Sequence} then {entries[i].Sequence}).");
            }
        }

        await EnsureTableAsync();
        var partition = LedgerTableKeys.Partition(key);
        if (entries[0].Sequence < 1)
        {
            throw new LedgerConflictException($"Ledger {key}: sequence {entries[0].Sequence} is not positive.");
        }

        if (entries[0].Sequence > 1)
        {
            var previous = await table.GetEntityIfExistsAsync<TableEntity>(
                partition, LedgerTableKeys.EntryRow(entries[0].Sequence - 1), ["Sequence"], cancellationToken);
            if (!previous.HasValue)
            {
                throw new LedgerConflictException(
                    $"Ledger {key} holds no sequence {entries[0].Sequence - 1}; appending {entries[0].Sequence} would leave a gap.");
            }
        }

        foreach (var batch in entries.Chunk(EntriesPerTransaction))
        {
            await AppendBatchAsync(key, partition, batch, cancellationToken);
        }
    }

    public async Task<LedgerPage> ReadAsync(StockKey key, LedgerQuery query, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync();
        var limit = Math.Clamp(query.Limit, 1, LedgerQuery.MaxLimit);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {LedgerTableKeys.Partition(key)} and RowKey gt {LedgerTableKeys.EntryRow(Math.Max(query.After, 0))} and RowKey le {LedgerTableKeys.LastSequenceRow}");
        if (query.From is { } from)
        {
            filter += TableClient.CreateQueryFilter($" and EventTime ge {LedgerTableEntity.FormatTime(from)}");
        }

        if (query.To is { } to)
        {
            filter += TableClient.CreateQueryFilter($" and EventTime lt {LedgerTableEntity.FormatTime(to)}");
        }

        // One more than asked says whether another page follows without a second round trip.
        var found = new List<LedgerEntry>(Math.Min(limit + 1, 128));
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, LedgerQuery.MaxLimit), cancellationToken: cancellationToken))
        {
            var entry = LedgerTableEntity.ToEntry(entity);
            if (!query.Matches(entry))
            {
                continue;
            }

            found.Add(entry);
            if (found.Count > limit)
            {
                break;
            }
        }

        var hasMore = found.Count > limit;
        if (hasMore)
        {
            found.RemoveAt(limit);
        }

        return new LedgerPage(found, hasMore ? found[^1].Sequence : null);
    }

    public async Task<IReadOnlyList<LedgerEntry>> FindByEventIdAsync(StockKey key, string eventId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {LedgerTableKeys.Partition(key)} and RowKey ge {LedgerTableKeys.EventIdRowsFrom(eventId)} and RowKey le {LedgerTableKeys.EventIdRowsThrough(eventId)}");
        var found = new List<LedgerEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(LedgerTableEntity.ToEntry(entity));
        }

        return found;
    }

    private async Task AppendBatchAsync(StockKey key, string partition, LedgerEntry[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(partition, batch, cancellationToken);
            return;
        }
        catch (RequestFailedException failure) when (failure.Status == 409)
        {
            // Some of these sequences are stored already: a re-flush after a crash, or a conflict. Look.
        }

        var stored = await ReadSequencesAsync(partition, batch[0].Sequence, batch[^1].Sequence, cancellationToken);
        foreach (var entry in batch)
        {
            if (stored.TryGetValue(entry.Sequence, out var storedEventId)
                && !string.Equals(storedEventId, entry.EventId, StringComparison.Ordinal))
            {
                throw new LedgerConflictException(
                    $"Ledger {key} sequence {entry.Sequence} holds event {storedEventId}; refusing to rewrite it with {entry.EventId}.");
            }
        }

        var missing = batch.Where(entry => !stored.ContainsKey(entry.Sequence)).ToArray();
        LogAlreadyStored(key.WarehouseId, key.ProductId, batch.Length - missing.Length, batch[0].Sequence, batch[^1].Sequence);
        if (missing.Length == 0)
        {
            return;
        }

        // Stored rows always form a prefix (every earlier transaction was whole), so what is missing is the tail.
        if (missing[0].Sequence != batch[0].Sequence + stored.Count)
        {
            throw new LedgerConflictException(
                $"Ledger {key} holds sequences {string.Join(", ", stored.Keys.Order())} of {batch[0].Sequence}..{batch[^1].Sequence}: not a prefix.");
        }

        try
        {
            await SubmitAsync(partition, missing, cancellationToken);
        }
        catch (RequestFailedException failure) when (failure.Status == 409)
        {
            throw new LedgerConflictException(
                $"Ledger {key}: sequences {missing[0].Sequence}..{missing[^1].Sequence} were written by someone else during the append; a stock record has one writer.",
                failure);
        }
    }

    private Task SubmitAsync(string partition, IReadOnlyList<LedgerEntry> batch, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(batch.Count * 2);
        foreach (var entry in batch)
        {
            actions.Add(new(TableTransactionActionType.Add, LedgerTableEntity.ToEntity(partition, LedgerTableKeys.EntryRow(entry.Sequence), entry)));
            actions.Add(new(TableTransactionActionType.Add, LedgerTableEntity.ToEntity(partition, LedgerTableKeys.EventIdRow(entry.EventId, entry.Sequence), entry)));
        }

        return table.SubmitTransactionAsync(actions, cancellationToken);
    }

    private async Task<Dictionary<long, string>> ReadSequencesAsync(string partition, long first, long last, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {LedgerTableKeys.EntryRow(first)} and RowKey le {LedgerTableKeys.EntryRow(last)}");
        var stored = new Dictionary<long, string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["Sequence", "EventId"], cancellationToken: cancellationToken))
        {
            stored[entity.GetInt64("Sequence")!.Value] = entity.GetString("EventId");
        }

        return stored;
    }

    /// <summary>Creates the table once; a failed attempt (storage not up yet) is not remembered, the next call tries again.</summary>
    private Task EnsureTableAsync()
    {
        var current = Volatile.Read(ref _created);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        Task created = table.CreateIfNotExistsAsync();
        return Interlocked.CompareExchange(ref _created, created, current) == current ? created : _created!;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Ledger {WarehouseId}/{ProductId}: {Count} of sequences {First}..{Last} were stored by an earlier flush; skipped")]
    private partial void LogAlreadyStored(string warehouseId, string productId, int count, long first, long last);
}
