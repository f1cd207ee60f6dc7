using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>
/// The one durable record of every stock record: its state row, its ledger entries and their two indexes (by event
/// id and by event time), in its shard's stock table (<see cref="StockJournalKeys"/>). A commit writes the new state and the
/// entries decided since the previous commit in one table transaction, shared with other records' commits of the same
/// shard by the <see cref="TableCommitter"/>: effect, ledger entry and dedupe record are one atomic write, and there
/// is no outbox or second flush.
/// </summary>
/// <remarks>
/// Fencing: ledger chunks are added, never replaced, and keyed by their first sequence, the one after the state
/// they were decided on; two activations of one record (rare, during cluster changes) that both decide sequence N
/// from the same state collide on the chunk of N and only one commit lands. A commit without entries (one that
/// only saves which derived effects were carried out) replaces the state row unfenced; it changes no stock.
/// </remarks>
public sealed class StockJournal
{
    /// <summary>
    /// Rows one more entry adds to a commit at most: its event-id row (when it decides a grain-made id), the time-index row
    /// of a minute the commit did not touch yet, and the row of the reservation it grants or ends.
    /// </summary>
    public const int MaxRowsPerEntry = 3;

    /// <summary>The most rows one commit writes: Azure's 100 per transaction, the state row included.</summary>
    public const int MaxRowsPerCommit = IInventoryTable.MaxActionsPerTransaction;

    /// <summary>
    /// The most entries one commit carries (the ledger chunk's binary columns hold that many; entries that touch
    /// reservations or spread over several minutes of event time seal a commit earlier, <see cref="CommitRows"/>).
    /// </summary>
    public const int MaxEntriesPerCommit = 96;

    /// <summary>The state is split over binary columns of at most 64 KiB (Azure Table's property limit).</summary>
    public const int StateChunkBytes = 64 * 1024;

    /// <summary>At most this many chunks: 15 x 64 KiB, under Azure Table's 1 MiB entity limit with the key columns.</summary>
    public const int MaxStateChunks = 15;

    public const int MaxStateBytes = StateChunkBytes * MaxStateChunks;

    private readonly TableCommitter[] _committers;
    private readonly Serializer<StockState> _serializer;
    private readonly LedgerRows _rows;
    private readonly int _shards;

    public StockJournal(InventoryTables tables, Serializer<StockState> serializer, Serializer<LedgerEntry> entrySerializer, IOptions<StockOptions> options)
    {
        _committers = [.. Enumerable.Range(0, tables.Options.StockTableCount).Select(i => tables.Committer(tables.Options.StockTableName(i), "stock"))];
        _serializer = serializer;
        _rows = new LedgerRows(entrySerializer);
        _shards = options.Value.ShardsPerWarehouse;
    }

    /// <summary>The table that holds every row of the record (and of the other records of its shard).</summary>
    public IInventoryTable TableOf(StockKey key) => CommitterOf(StockJournalKeys.Partition(key, _shards)).Table;

    /// <summary>The committer of the table that holds <paramref name="partition"/> (the caller has the partition already).</summary>
    private TableCommitter CommitterOf(string partition) => _committers[StockJournalKeys.Table(partition, _committers.Length)];

    /// <summary>The state as last committed, or null for a record never written.</summary>
    public async Task<StockState?> LoadAsync(StockKey key)
    {
        var partition = StockJournalKeys.Partition(key, _shards);
        var table = CommitterOf(partition).Table;
        var row = await table.GetAsync(partition, StockJournalKeys.StateRow(key));
        if (row is null)
        {
            return null;
        }

        var chunks = row.GetInt32("Chunks") ?? 0;
        var bytes = new List<byte>(chunks * StateChunkBytes);
        for (var i = 0; i < chunks; i++)
        {
            bytes.AddRange(row.GetBinary($"S{i}") ?? throw new InvalidDataException($"Stock state row of {key} lacks chunk {i} of {chunks}."));
        }

        var state = _serializer.Deserialize(bytes.ToArray()) ?? throw new InvalidDataException($"Stock state row of {key} holds no state.");
        if (state.ActiveReservationCount > 0)
        {
            await foreach (var reservation in table.QueryAsync(partition, StockJournalKeys.ReservationsFrom(key), StockJournalKeys.ReservationsEnd(key), state.ActiveReservationCount + 1))
            {
                var active = ToReservation(reservation);
                state.Reservations[active.ReservationId] = active;
            }

            if (state.Reservations.Count != state.ActiveReservationCount)
            {
                throw new InvalidDataException($"Stock {key} holds {state.Reservations.Count} reservation rows; its state says {state.ActiveReservationCount}.");
            }
        }

        return state;
    }

    private static TableEntity ReservationEntity(string partition, StockKey key, ActiveReservation reservation) =>
        new(partition, StockJournalKeys.ReservationRow(key, reservation.ReservationId))
        {
            ["Id"] = reservation.ReservationId,
            ["Quantity"] = reservation.Quantity,
            ["ExpiresAt"] = TableKeys.FormatTime(reservation.ExpiresAt),
            ["CreatedAt"] = TableKeys.FormatTime(reservation.CreatedAt),
        };

    private static ActiveReservation ToReservation(TableEntity row)
    {
        string Text(string column) => row.GetString(column) ?? throw new InvalidDataException($"Reservation row {row.PartitionKey}/{row.RowKey} has no {column}.");
        return new ActiveReservation(Text("Id"), row.GetInt64("Quantity") ?? throw new InvalidDataException($"Reservation row {row.PartitionKey}/{row.RowKey} has no Quantity."),
            TableKeys.ParseTime(Text("ExpiresAt")), TableKeys.ParseTime(Text("CreatedAt")));
    }

    public byte[] Serialize(StockState state) => _serializer.SerializeToArray(state);

    /// <summary>
    /// Writes <paramref name="state"/> (serialized) with <paramref name="entries"/> and the reservation rows they
    /// granted (added) or ended (null: deleted), all or nothing.
    /// </summary>
    /// <exception cref="StateTooLargeException">The state does not fit one table row.</exception>
    public Task CommitAsync(StockKey key, byte[] state, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<KeyValuePair<string, ActiveReservation?>> reservations)
    {
        if (entries.Count > MaxEntriesPerCommit)
        {
            throw new ArgumentException($"A commit carries at most {MaxEntriesPerCommit} entries, not {entries.Count}.", nameof(entries));
        }

        if (state.Length > MaxStateBytes)
        {
            throw new StateTooLargeException($"Stock state of {key} is {state.Length} bytes; a row holds {MaxStateBytes}.");
        }

        var partition = StockJournalKeys.Partition(key, _shards);
        var stateRow = new TableEntity(partition, StockJournalKeys.StateRow(key))
        {
            ["Chunks"] = (state.Length + StateChunkBytes - 1) / StateChunkBytes,
            ["Sequence"] = entries.Count > 0 ? entries[^1].Sequence : 0L,
        };
        for (var i = 0; i * StateChunkBytes < state.Length; i++)
        {
            stateRow[$"S{i}"] = state.AsSpan(i * StateChunkBytes, Math.Min(StateChunkBytes, state.Length - (i * StateChunkBytes))).ToArray();
        }

        var actions = new List<TableTransactionAction>(3 + entries.Count + reservations.Count) { new(TableTransactionActionType.UpsertReplace, stateRow) };
        var kinds = new List<string>(actions.Capacity) { "state" };
        if (entries.Count > 0)
        {
            // Added, never replaced: a commit's first sequence follows the last committed state, so two activations
            // of one record that both continue from it write the same chunk key and only one commit lands.
            var chunk = entries[0].Sequence;
            var serialized = _rows.Serialize(entries);
            actions.Add(new(TableTransactionActionType.Add, LedgerRows.Chunk(partition, StockJournalKeys.EntryRow(key, chunk), entries, serialized)));
            kinds.Add("ledger");
            foreach (var minute in Enumerable.Range(0, entries.Count).GroupBy(i => StockJournalKeys.TimeBucket(entries[i].EventTime)))
            {
                var inMinute = minute.ToList();
                actions.Add(new(TableTransactionActionType.Add, LedgerRows.Chunk(partition, StockJournalKeys.TimeRow(key, minute.Key, entries[inMinute[0]].Sequence),
                    [.. inMinute.Select(i => entries[i])], [.. inMinute.Select(i => serialized[i])])));
                kinds.Add("time_index");
            }

            foreach (var entry in entries.Where(IsIndexedById))
            {
                // Added, never replaced: a second entry deciding the same id (a second activation) fails the commit.
                actions.Add(new(TableTransactionActionType.Add, LedgerRows.EventId(partition, StockJournalKeys.EventIdRow(key, entry.EventId), entry, chunk)));
                kinds.Add("event_index");
            }
        }

        foreach (var (id, reservation) in reservations)
        {
            actions.Add(reservation is null
                ? new(TableTransactionActionType.Delete, new TableEntity(partition, StockJournalKeys.ReservationRow(key, id)), Azure.ETag.All)
                : new(TableTransactionActionType.Add, ReservationEntity(partition, key, reservation)));
            kinds.Add("reservation");
        }

        if (actions.Count > MaxRowsPerCommit)
        {
            throw new ArgumentException($"A commit writes at most {MaxRowsPerCommit} rows, not {actions.Count}.", nameof(entries));
        }

        return CommitterOf(partition).CommitAsync(actions, kinds);
    }

    /// <summary>Entries after <see cref="LedgerQuery.After"/> in sequence order, filtered by event time, at most the query's limit.</summary>
    /// <remarks>
    /// Without a time range this reads the ledger chunks from the one that may hold <c>After + 1</c> (a chunk holds at
    /// most <see cref="MaxEntriesPerCommit"/> entries, so it starts no earlier than that many before). With one, it
    /// reads the event-time index of the minutes of that range (never the whole ledger), at most
    /// <paramref name="maxScan"/> entries in the range, and orders them by sequence; a range holding more is refused
    /// with <see cref="ArgumentException"/>, naming the bound.
    /// </remarks>
    public async Task<LedgerPage> ReadAsync(StockKey key, LedgerQuery query, int maxScan)
    {
        var limit = Math.Clamp(query.Limit, 1, LedgerQuery.MaxLimit);
        var partition = StockJournalKeys.Partition(key, _shards);
        var table = CommitterOf(partition).Table;
        List<LedgerEntry> found = [];
        if (query.From is null && query.To is null)
        {
            var next = Math.Max(query.After, 0) + 1;
            var from = Math.Max(1, next - MaxEntriesPerCommit + 1);
            await foreach (var row in table.QueryAsync(partition, StockJournalKeys.EntriesFrom(key, from), StockJournalKeys.EntriesEnd(key), limit + MaxEntriesPerCommit + 1))
            {
                foreach (var entry in _rows.ToEntries(row))
                {
                    if (entry.Sequence < next)
                    {
                        continue;
                    }

                    if (entry.Sequence != next)
                    {
                        throw new InvalidDataException($"The ledger of {key} holds entry {entry.Sequence} where {next} should be: an entry is missing.");
                    }

                    found.Add(entry);
                    next++;
                }

                if (found.Count > limit)
                {
                    break;
                }
            }
        }
        else
        {
            found = [.. (await ReadTimeIndexAsync(key, partition, query.From, query.To, maxScan,
                    () => $"the event-time range holds more than {maxScan} ledger entries of {key}; narrow from/to, or page by sequence without a time range"))
                .Where(query.Matches).OrderBy(entry => entry.Sequence).Take(limit + 1)];
        }

        var hasMore = found.Count > limit;
        if (hasMore)
        {
            found.RemoveRange(limit, found.Count - limit);
        }

        return new LedgerPage(found, hasMore ? found[^1].Sequence : null);
    }

    /// <summary>Entries with <paramref name="after"/> &lt;= event time &lt; <paramref name="before"/> from the time index, at most <paramref name="maxScan"/>.</summary>
    /// <exception cref="ArgumentException">More than <paramref name="maxScan"/> entries lie in that range.</exception>
    public async Task<IReadOnlyList<LedgerEntry>> ReadBeforeAsync(StockKey key, DateTimeOffset? after, DateTimeOffset before, int maxScan) =>
        await ReadTimeIndexAsync(key, StockJournalKeys.Partition(key, _shards), after, before, maxScan,
            () => $"more than {maxScan} ledger entries of {key} lie in that event-time range");

    /// <summary>
    /// Entries with <paramref name="from"/> &lt;= event time &lt; <paramref name="to"/> (null: open) from the rows of
    /// the minutes that range touches; more than <paramref name="maxScan"/> in the range, or more index rows than
    /// that, is refused with <paramref name="tooMany"/>.
    /// </summary>
    private async Task<List<LedgerEntry>> ReadTimeIndexAsync(StockKey key, string partition, DateTimeOffset? from, DateTimeOffset? to, int maxScan, Func<string> tooMany)
    {
        var found = new List<LedgerEntry>();
        var rows = 0;
        await foreach (var row in CommitterOf(partition).Table.QueryAsync(partition, StockJournalKeys.TimeFrom(key, from), StockJournalKeys.TimeTo(key, to), maxScan + 1))
        {
            if (++rows > maxScan)
            {
                throw new ArgumentException(tooMany());
            }

            foreach (var entry in _rows.ToEntries(row))
            {
                if ((from is null || entry.EventTime >= from) && (to is null || entry.EventTime < to))
                {
                    found.Add(entry);
                }
            }

            if (found.Count > maxScan)
            {
                throw new ArgumentException(tooMany());
            }
        }

        return found;
    }

    /// <summary>Whether an entry decides its event (applied or superseded): a later entry with its id is a duplicate.</summary>
    public static bool Decides(LedgerEntry entry) => entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded;

    /// <summary>
    /// Whether an entry gets an event-id row: only the end of a reservation (a grain-made release, commit or expiry),
    /// found by its reservation id however long ago. A grant needs none: while the reservation is active its own row
    /// answers (and fences a second grant), and once it has ended the end's row does. A caller's event id is found by
    /// its event time instead (<see cref="WasDecidedAsync"/>). That saves one row per device event (the event-id row
    /// was 1 of the 3.07 rows a device event wrote, load-tests/reports/suite-20261203T061627Z.md) and one per reservation.
    /// </summary>
    public static bool IsIndexedById(LedgerEntry entry) => Decides(entry) && HasIdRow(entry.EventId);

    /// <summary>Whether a decided event of this id has an event-id row: a reservation's end (grain-made, not a grant).</summary>
    private static bool HasIdRow(string eventId) =>
        SystemEventIds.IsSystem(eventId) && !eventId.StartsWith(SystemEventIds.Reserve, StringComparison.Ordinal);

    /// <summary>
    /// The entry that decided a reservation's end (a grain-made release, commit or expiry id), or null: one point read
    /// of the event-id index (duplicates and rejections are in the ledger but not in this index).
    /// </summary>
    /// <exception cref="ArgumentException">The id has no event-id row (<see cref="IsIndexedById"/>): a caller's, or a grant's.</exception>
    public async Task<LedgerEntry?> FindDecidedAsync(StockKey key, string eventId)
    {
        if (!HasIdRow(eventId))
        {
            throw new ArgumentException($"Only the ends of reservations are indexed by event id; '{eventId}' is not one (a caller's id is found by its event time, a grant by its reservation's row or its end).", nameof(eventId));
        }

        var partition = StockJournalKeys.Partition(key, _shards);
        var table = CommitterOf(partition).Table;
        if (await table.GetAsync(partition, StockJournalKeys.EventIdRow(key, eventId)) is not { } pointer)
        {
            return null;
        }

        var (sequence, _, chunk) = LedgerRows.ToPointer(pointer);
        var row = await table.GetAsync(partition, StockJournalKeys.EntryRow(key, chunk))
            ?? throw new InvalidDataException($"The event-id row of {eventId} at {key} points at the ledger chunk from {chunk}, which is missing.");
        return _rows.ToEntries(row).FirstOrDefault(entry => entry.Sequence == sequence)
            ?? throw new InvalidDataException($"The event-id row of {eventId} at {key} points at ledger entry {sequence}, which its chunk from {chunk} does not hold.");
    }

    /// <summary>
    /// Whether an event id was decided (applied or superseded). A reservation's end: one point read of the event-id
    /// index. Any other id (a caller's, or a grant's, which has no event-id row since d3507da): the event-time index
    /// of the minute of <paramref name="eventTime"/> (a redelivery carries the event's own timestamp, which the entry
    /// keeps), one range read of that record's rows of that minute.
    /// </summary>
    /// <exception cref="ArgumentException">More than <paramref name="maxScan"/> entries of the record lie in that minute: the answer is not guessed.</exception>
    public async Task<bool> WasDecidedAsync(StockKey key, string eventId, DateTimeOffset eventTime, int maxScan)
    {
        var partition = StockJournalKeys.Partition(key, _shards);
        if (HasIdRow(eventId))
        {
            return await CommitterOf(partition).Table.GetAsync(partition, StockJournalKeys.EventIdRow(key, eventId)) is not null;
        }

        var minute = StockJournalKeys.TimeBucket(eventTime);
        var entries = await ReadTimeIndexAsync(key, partition, minute, minute.AddMinutes(1), maxScan,
            () => $"more than {maxScan} ledger entries of {key} lie in the minute of {eventTime.UtcDateTime:O}, so event {eventId} cannot be checked against them");
        return entries.Any(entry => Decides(entry) && string.Equals(entry.EventId, eventId, StringComparison.Ordinal));
    }
}
