using System.Buffers.Binary;
using Azure.Data.Tables;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>
/// Ledger entries as stored in the stock table: the entries of one commit packed into one row (a <em>ledger
/// chunk</em>), each entry serialized with Orleans' version-tolerant serializer and prefixed by its length, the whole
/// split over binary columns <c>C0..</c> of at most 64 KiB, with <c>N</c> (how many), <c>First</c> and
/// <c>Sequence</c> (the first and last sequence it holds). The event-id index row holds the entry's sequence, its
/// outcome and <c>Chunk</c>, the first sequence of the chunk that holds it (the chunk's row key).
/// </summary>
/// <remarks>
/// <para>
/// Why chunks: Azurite's cost is per row (an insert into an in-memory collection it re-serializes whole, and range
/// queries that scan it; load-tests/README.md, "Azurite"), and so is a real table's (2,000 entities/s per partition).
/// One row per entry and another per entry in the event-time index made four rows per device event; a commit of 32
/// events now writes its state row, one chunk, one time-index row per minute of event time it touches (almost always
/// one) and the 32 event-id rows: about 1.1 rows per event.
/// </para>
/// <para>
/// Rows written before chunks (one entry per row in column <c>E</c>, the entry's own sequence as row key, no
/// <c>Chunk</c> in the event-id row) are still read: a single-entry row is a chunk of one.
/// </para>
/// </remarks>
internal sealed class LedgerRows(Serializer<LedgerEntry> serializer)
{
    /// <summary>
    /// The largest entry, serialized. Entries are small (ids of at most 128 characters, a server-made reason): a
    /// bound this low lets a whole commit fit one row, <see cref="StockJournal.MaxEntriesPerCommit"/> x (this + 4)
    /// under <see cref="MaxChunkBytes"/>, and keeps a commit's transaction under Azure's 4 MiB.
    /// </summary>
    public const int MaxEntryBytes = 8 * 1024;

    /// <summary>Azure Table's limit for one binary property.</summary>
    public const int ColumnBytes = 64 * 1024;

    /// <summary>Columns of one chunk: 15 x 64 KiB stays under Azure Table's 1 MiB entity limit with the key columns.</summary>
    public const int MaxColumns = 15;

    public const int MaxChunkBytes = ColumnBytes * MaxColumns;

    /// <summary>A chunk row (ledger or time index) holding <paramref name="entries"/>, in sequence order.</summary>
    public TableEntity Chunk(string partitionKey, string rowKey, IReadOnlyList<LedgerEntry> entries) =>
        Chunk(partitionKey, rowKey, entries, Serialize(entries));

    /// <summary>
    /// Each entry serialized, checked against <see cref="MaxEntryBytes"/>: a commit serializes its entries once for
    /// its ledger chunk and its time-index rows.
    /// </summary>
    public byte[][] Serialize(IReadOnlyList<LedgerEntry> entries)
    {
        var serialized = new byte[entries.Count][];
        for (var i = 0; i < entries.Count; i++)
        {
            serialized[i] = serializer.SerializeToArray(entries[i]);
            if (serialized[i].Length > MaxEntryBytes)
            {
                throw new ArgumentException($"Ledger entry {entries[i].Sequence} ({entries[i].EventId}) is {serialized[i].Length} bytes serialized; an entry may take {MaxEntryBytes}.", nameof(entries));
            }
        }

        return serialized;
    }

    /// <summary>A chunk row holding <paramref name="entries"/>, whose serialized forms are <paramref name="serialized"/> (same order).</summary>
    public static TableEntity Chunk(string partitionKey, string rowKey, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<byte[]> serialized)
    {
        var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var bytes in serialized)
        {
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        if (buffer.Length > MaxChunkBytes)
        {
            throw new ArgumentException($"{entries.Count} ledger entries take {buffer.Length} bytes; one row holds {MaxChunkBytes}.", nameof(entries));
        }

        var packed = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var row = new TableEntity(partitionKey, rowKey) { ["N"] = entries.Count, ["First"] = entries[0].Sequence, ["Sequence"] = entries[^1].Sequence };
        for (var i = 0; i * ColumnBytes < packed.Length; i++)
        {
            row[$"C{i}"] = packed.Slice(i * ColumnBytes, Math.Min(ColumnBytes, packed.Length - (i * ColumnBytes))).ToArray();
        }

        return row;
    }

    public static TableEntity EventId(string partitionKey, string rowKey, LedgerEntry entry, long chunk) =>
        new(partitionKey, rowKey) { ["Sequence"] = entry.Sequence, ["Outcome"] = (int)entry.Outcome, ["Chunk"] = chunk };

    /// <summary>The entries of a chunk row (or of a row written before chunks), in sequence order.</summary>
    public IReadOnlyList<LedgerEntry> ToEntries(TableEntity row)
    {
        if (row.GetBinary("E") is { } single)
        {
            return [Deserialize(row, single)];
        }

        var count = row.GetInt32("N") ?? throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} holds neither an entry nor a count of entries.");
        // Most chunks fit one column: read it in place; only a longer one is joined.
        var bytes = row.GetBinary("C0") ?? [];
        if (row.GetBinary("C1") is not null)
        {
            var joined = new MemoryStream();
            for (var i = 0; row.GetBinary($"C{i}") is { } column; i++)
            {
                joined.Write(column);
            }

            bytes = joined.ToArray();
        }

        var entries = new List<LedgerEntry>(count);
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 4 || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset)) is var length && (length < 0 || length > bytes.Length - offset - 4))
            {
                throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} is cut short at byte {offset} of {bytes.Length}.");
            }

            entries.Add(Deserialize(row, bytes.AsSpan(offset + 4, length).ToArray()));
            offset += 4 + length;
        }

        return entries.Count == count
            ? entries
            : throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} holds {entries.Count} entries; it says {count}.");
    }

    private LedgerEntry Deserialize(TableEntity row, byte[] bytes) =>
        serializer.Deserialize(bytes) ?? throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} holds a null entry.");

    /// <summary>The entry's sequence, its outcome and the first sequence of the chunk that holds it (its own, in rows written before chunks).</summary>
    public static (long Sequence, EventOutcome Outcome, long Chunk) ToPointer(TableEntity row)
    {
        var sequence = row.GetInt64("Sequence") ?? throw new InvalidDataException($"Event-id row {row.PartitionKey}/{row.RowKey} holds no sequence.");
        var outcome = (EventOutcome)(row.GetInt32("Outcome") ?? throw new InvalidDataException($"Event-id row {row.PartitionKey}/{row.RowKey} holds no outcome."));
        return (sequence, outcome, row.GetInt64("Chunk") ?? sequence);
    }
}
