using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Orleans.Inventory.Grains.Storage;

namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>
/// Where a stock record's rows live in the stock tables (one of <see cref="Storage.InventoryTablesOptions.StockTableCount"/>,
/// chosen by a stable hash of the partition). Records of one warehouse are spread over
/// <see cref="StockOptions.ShardsPerWarehouse"/> partitions by a stable hash of the product, so one table transaction can
/// carry the commits of many records of a shard (group commit across records) while no partition is hotter than
/// real Azure Table serves (2,000 entities/s each). Inside a partition every row key starts with a kind and the
/// escaped product id, ended by '|', so the rows of one record and one kind are one contiguous range:
/// <list type="bullet">
/// <item><c>s|{product}</c>: the record's state (the one mutable row).</item>
/// <item><c>l|{product}|{first sequence:D19}</c>: a ledger chunk, the entries of one commit (added, never changed;
/// <see cref="LedgerRows"/>). A chunk holds at most <see cref="StockJournal.MaxEntriesPerCommit"/> entries, so the
/// one holding sequence N starts at most that many before it.</item>
/// <item><c>e|{product}|{event id}</c>: the entry that decided a grain-made event id (a reservation's grant or end;
/// at most one per id, so a retried reservation call is answered by one point read, and a second activation deciding
/// the same id collides on it), with the key of its chunk. A caller's event id has no such row: a redelivery is found
/// in the time-index rows of its event's minute (<see cref="StockJournal.WasDecidedAsync"/>).</item>
/// <item><c>t|{product}|{minute}|{first sequence:D19}</c>: the entries of one commit whose event time falls in that
/// minute (<see cref="TimeBucket"/>), found by event time. Rows written before chunks carry the entry's own time and
/// sequence; both sort the same way.</item>
/// <item><c>r|{product}|{reservation id}</c>: an active reservation (added when granted, deleted when it ends).</item>
/// </list>
/// '}' is the character after '|', so <c>{prefix}}</c> bounds a range that holds exactly the rows starting with
/// <c>{prefix}|</c> (escaped ids never contain '|' or '}').
/// </summary>
internal static class StockJournalKeys
{
    private const string SequenceFormat = "D19";

    public static string Partition(StockKey key, int shards) =>
        $"{TableKeys.Escape(key.WarehouseId)}|{Shard(key.ProductId, shards).ToString("D3", CultureInfo.InvariantCulture)}";

    /// <summary>Which of <paramref name="tables"/> stock tables holds <paramref name="partition"/> (all of its rows).</summary>
    public static int Table(string partition, int tables) =>
        tables == 1 ? 0 : (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(partition)) % (uint)tables);

    public static string StateRow(StockKey key) => $"s|{Product(key)}";

    /// <summary>The ledger chunk whose first entry is <paramref name="sequence"/>.</summary>
    public static string EntryRow(StockKey key, long sequence) => $"l|{Product(key)}|{Sequence(sequence)}";

    public static string EntriesFrom(StockKey key, long sequence) => EntryRow(key, sequence);

    public static string EntriesEnd(StockKey key) => $"l|{Product(key)}}}";

    public static string EventIdRow(StockKey key, string eventId) => $"e|{Product(key)}|{TableKeys.Escape(eventId)}";

    public static string ReservationRow(StockKey key, string reservationId) => $"r|{Product(key)}|{TableKeys.Escape(reservationId)}";

    public static string ReservationsFrom(StockKey key) => $"r|{Product(key)}|";

    public static string ReservationsEnd(StockKey key) => $"r|{Product(key)}}}";

    /// <summary>The time-index row of a commit's entries in the minute <paramref name="bucket"/>, the first of them <paramref name="firstSequence"/>.</summary>
    public static string TimeRow(StockKey key, DateTimeOffset bucket, long firstSequence) => $"t|{Product(key)}|{TableKeys.FormatTime(bucket)}|{Sequence(firstSequence)}";

    /// <summary>The minute of event time whose time-index rows hold an entry of <paramref name="eventTime"/>.</summary>
    public static DateTimeOffset TimeBucket(DateTimeOffset eventTime) =>
        new(eventTime.UtcTicks - (eventTime.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>
    /// The first time-index row that may hold an entry at or after <paramref name="time"/> (the row of its minute:
    /// readers filter the minute's earlier entries out); null gives the start of the record's index.
    /// </summary>
    public static string TimeFrom(StockKey key, DateTimeOffset? time) =>
        time is { } t ? $"t|{Product(key)}|{TableKeys.FormatTime(TimeBucket(t))}|" : $"t|{Product(key)}|";

    /// <summary>
    /// Just past the time-index rows that may hold an entry before <paramref name="time"/> (the row of its minute
    /// included: readers filter its later entries out); null gives the end of the record's index.
    /// </summary>
    public static string TimeTo(StockKey key, DateTimeOffset? time) =>
        time is { } t ? $"t|{Product(key)}|{TableKeys.FormatTime(t)}|" : $"t|{Product(key)}}}";

    private static string Product(StockKey key) => TableKeys.Escape(key.ProductId);

    private static string Sequence(long sequence) => sequence.ToString(SequenceFormat, CultureInfo.InvariantCulture);

    private static uint Shard(string productId, int shards) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(productId)) % (uint)shards;
}
