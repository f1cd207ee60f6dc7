using System.Globalization;
using Orleans.Inventory.Grains.Storage;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// Keys of the region table. A region's products are spread over <see cref="Shards"/> partitions
/// (<c>{region}|{shard}</c>, the shard a stable hash of the product id), so a write of N changed products costs about
/// N/100 transactions and no single partition carries a whole region. In each partition: product rows
/// <c>p|{product}</c>, the active alert of a low product <c>a|{newest first}|{product}</c> and notifications committed
/// but not yet published <c>n|{notification id}</c>. Ids are escaped as the ledger's keys are.
/// </summary>
internal static class RegionTableKeys
{
    /// <summary>
    /// Partitions per region. Fixed: rows are found by it, so changing it would strand the rows already written.
    /// 32 partitions at Azure's 2,000 entities/s each are far above what one region grain writes.
    /// </summary>
    public const int Shards = 32;

    private const string ProductPrefix = "p|";
    private const string AlertPrefix = "a|";
    private const string NotificationPrefix = "n|";

    /// <summary>The end of a prefix's range: '}' follows '|' in ordinal order.</summary>
    private const string RangeEnd = "}";

    public static string Partition(string regionId, string productId) => Partition(regionId, Shard(productId));

    public static string Partition(string regionId, int shard) =>
        $"{TableKeys.Escape(regionId)}|{shard.ToString("D2", CultureInfo.InvariantCulture)}";

    public static IEnumerable<string> Partitions(string regionId) => Enumerable.Range(0, Shards).Select(shard => Partition(regionId, shard));

    public static string ProductRow(string productId) => ProductPrefix + TableKeys.Escape(productId);

    /// <summary>Newest first within a partition: the row key carries the alert's time inverted.</summary>
    public static string AlertRow(string productId, DateTimeOffset occurredAt) =>
        $"{AlertPrefix}{(DateTimeOffset.MaxValue.UtcTicks - occurredAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{TableKeys.Escape(productId)}";

    public static string NotificationRow(string notificationId) => NotificationPrefix + TableKeys.Escape(notificationId);

    public static (string From, string To) AlertRows => (AlertPrefix, AlertPrefix[..^1] + RangeEnd);

    /// <summary>
    /// The alert rows after a cursor (an alert row key without its prefix, as <see cref="AlertCursor"/> makes it): a
    /// space sorts before every character an escaped id holds, so <c>{key} </c> is just past the cursor's own row.
    /// </summary>
    public static (string From, string To) AlertRowsAfter(string cursor) => (AlertPrefix + cursor + " ", AlertRows.To);

    /// <summary>The cursor of an alert row: its key without the prefix, <c>{inverted ticks:D19}|{escaped product}</c>.</summary>
    public static string AlertCursor(string alertRowKey) => alertRowKey[AlertPrefix.Length..];

    /// <summary>Whether <paramref name="cursor"/> is a cursor this table could have made (callers send them back).</summary>
    public static bool IsAlertCursor(string cursor) =>
        cursor.Length is > 20 and <= 20 + MaxEscapedIdLength && cursor[19] == '|' && cursor[..19].All(char.IsAsciiDigit)
        && TableKeys.IsEscaped(cursor[20..]);

    /// <summary>The longest escaped product id: every UTF-16 unit escaped as <c>~XXXX</c>.</summary>
    private const int MaxEscapedIdLength = Events.IdRules.MaxLength * 5;

    public static (string From, string To) NotificationRows => (NotificationPrefix, NotificationPrefix[..^1] + RangeEnd);

    /// <summary>FNV-1a over the id's UTF-16 units: stable across processes and versions, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int Shard(string productId)
    {
        var hash = 2166136261u;
        foreach (var c in productId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }
}
