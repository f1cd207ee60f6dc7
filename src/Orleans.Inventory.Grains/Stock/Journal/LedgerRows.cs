using Azure.Data.Tables;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>
/// A ledger entry as stored in the stock table: the entry serialized in one binary column (<c>E</c>, Orleans'
/// version-tolerant serializer) next to its <c>Sequence</c>; the event-id index row holds only the sequence and the
/// outcome and points at the entry row.
/// </summary>
/// <remarks>
/// Compact on purpose. A row with one column per field took about 1.7 KB in Azurite, and every event is stored in
/// two full rows (sequence and event time) plus its id row: Azurite's on-disk table store is one JSON document that
/// it re-serializes whole on every save, so its write rate falls as the bytes grow and it aborts past V8's 512 MB
/// string limit (measured: a 524 MB store at about 300,000 such rows; load-tests/README.md, "Azurite"). Readable
/// entries are what <c>GET /api/stock/{w}/{p}/ledger</c> answers.
/// </remarks>
internal sealed class LedgerRows(Serializer<LedgerEntry> serializer)
{
    /// <summary>Azure Table's limit for one binary property.</summary>
    public const int MaxEntryBytes = 64 * 1024;

    public TableEntity Entry(string partitionKey, string rowKey, LedgerEntry entry)
    {
        var bytes = serializer.SerializeToArray(entry);
        if (bytes.Length > MaxEntryBytes)
        {
            throw new ArgumentException($"Ledger entry {entry.Sequence} ({entry.EventId}) is {bytes.Length} bytes serialized; a table column holds {MaxEntryBytes}.", nameof(entry));
        }

        return new TableEntity(partitionKey, rowKey) { ["Sequence"] = entry.Sequence, ["E"] = bytes };
    }

    public static TableEntity EventId(string partitionKey, string rowKey, LedgerEntry entry) =>
        new(partitionKey, rowKey) { ["Sequence"] = entry.Sequence, ["Outcome"] = (int)entry.Outcome };

    public LedgerEntry ToEntry(TableEntity row) =>
        serializer.Deserialize(row.GetBinary("E") ?? throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} holds no entry."))
        ?? throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} holds a null entry.");

    public static (long Sequence, EventOutcome Outcome) ToPointer(TableEntity row) =>
        (row.GetInt64("Sequence") ?? throw new InvalidDataException($"Event-id row {row.PartitionKey}/{row.RowKey} holds no sequence."),
         (EventOutcome)(row.GetInt32("Outcome") ?? throw new InvalidDataException($"Event-id row {row.PartitionKey}/{row.RowKey} holds no outcome.")));
}
