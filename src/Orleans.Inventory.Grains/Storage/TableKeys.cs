using System.Globalization;
using System.Text;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>
/// Key parts of the inventory tables. Azure Table forbids '/', '\', '#', '?' and control characters in keys, and ids
/// may hold any of them, so ids are escaped to a legal, reversible form: the id alphabet (<see cref="Events.IdRules"/>:
/// letters, digits, <c>_ - . : @</c>) stays as is, every other UTF-16 unit becomes <c>~</c> + four hex digits. Parts
/// are joined with '|', which the escaped form never contains. Times are fixed-width UTC strings
/// (<c>2026-02-16T10:00:00.0000000Z</c>), so they sort and compare exactly, to the tick, as strings.
/// </summary>
internal static class TableKeys
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

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

    /// <summary>Whether <paramref name="value"/> could be what <see cref="Escape"/> made (kept characters and <c>~</c>).</summary>
    public static bool IsEscaped(string value) => value.All(c => IsKept(c) || c == '~');

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@';
}
