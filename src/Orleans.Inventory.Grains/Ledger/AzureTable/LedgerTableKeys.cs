using System.Globalization;
using System.Text;

namespace Orleans.Inventory.Grains.Ledger.AzureTable;

/// <summary>
/// Partition and row keys of the ledger table. Azure Table forbids '/', '\', '#', '?' and control characters in keys,
/// and the stock key is <c>warehouse/product</c>. Ids are escaped so any string maps to a legal, reversible key:
/// the id alphabet (<see cref="Events.IdRules"/>: letters, digits, <c>_ - . : @</c>) stays as is, every other UTF-16
/// unit becomes <c>~</c> + four hex digits. Parts are joined with '|', which the escaped form never contains.
/// </summary>
internal static class LedgerTableKeys
{
    /// <summary>Row keys of entry rows are the sequence, zero-padded to 19 digits (all of <see cref="long"/>) so they sort.</summary>
    private const string SequenceFormat = "D19";

    public const string LastSequenceRow = "9999999999999999999";

    private const string EventIdRowPrefix = "e|";

    public static string Partition(StockKey key) => $"{Escape(key.WarehouseId)}|{Escape(key.ProductId)}";

    public static string EntryRow(long sequence) => sequence.ToString(SequenceFormat, CultureInfo.InvariantCulture);

    /// <summary>The row that finds an entry by event id: <c>e|{event id}|{sequence}</c>; all rows of one id share a prefix.</summary>
    public static string EventIdRow(string eventId, long sequence) => $"{EventIdRowPrefix}{Escape(eventId)}|{EntryRow(sequence)}";

    public static string EventIdRowsFrom(string eventId) => $"{EventIdRowPrefix}{Escape(eventId)}|{EntryRow(0)}";

    public static string EventIdRowsThrough(string eventId) => $"{EventIdRowPrefix}{Escape(eventId)}|{LastSequenceRow}";

    public static string Escape(string value)
    {
        if (value.All(IsKept))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (IsKept(c))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('~').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@';
}
