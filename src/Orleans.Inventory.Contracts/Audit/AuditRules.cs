using System.Globalization;

namespace Orleans.Inventory.Audit;

/// <summary>Bounds on what one audit record holds: callers send routes, ids and headers a stranger chose.</summary>
public static class AuditRules
{
    /// <summary>Longest field kept (the ledger's actor bound); a longer value is cut and the record says so.</summary>
    public const int MaxFieldLength = 200;

    /// <summary>Records one day grain reads for one query, at most, whatever the caller asks.</summary>
    public const int MaxScanPerCall = 10_000;

    /// <summary>Records one append takes at most (the API's writer sends smaller batches).</summary>
    public const int MaxAppend = 1_000;

    /// <summary><paramref name="value"/> cut to <see cref="MaxFieldLength"/>; <paramref name="truncated"/> becomes true if it was.</summary>
    public static string? Bound(string? value, ref bool truncated)
    {
        if (value is null || value.Length <= MaxFieldLength)
        {
            return value;
        }

        truncated = true;
        return value[..MaxFieldLength];
    }

    /// <summary>
    /// The start of a page cursor: a record's time, fixed width to the tick, then '|'. A cursor is a row key,
    /// <c>{time}|{id}</c> (the id escaped to letters, digits and <c>_ - . : @ ~</c>); the time alone starts at that time.
    /// </summary>
    public static string Cursor(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "|";

    /// <summary>Whether <paramref name="cursor"/> is of the form <see cref="Cursor"/> makes, and the time it holds.</summary>
    public static bool TryParseCursor(string cursor, out DateTimeOffset time)
    {
        time = default;
        var width = TimeFormat.Length - 4;
        if (cursor.Length <= width || cursor.Length > width + 1 + MaxFieldLength * 5 || cursor[width] != '|'
            || cursor.AsSpan(width + 1).ContainsAnyExcept(CursorIdCharacters)
            || !DateTime.TryParseExact(cursor[..width], TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>The day (UTC, <c>yyyy-MM-dd</c>) a time belongs to: the key of its <see cref="IAuditDayGrain"/>.</summary>
    public static string DayOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly System.Buffers.SearchValues<char> CursorIdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:@~");
}
