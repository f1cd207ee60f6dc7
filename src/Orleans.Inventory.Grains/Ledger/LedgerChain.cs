using System.Security.Cryptography;
using System.Text;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger;

/// <summary>
/// The hash chain of one record's ledger: each entry's <see cref="LedgerEntry.Hash"/> is SHA-256 over the previous
/// entry's hash and every field of the entry in a fixed, length-prefixed encoding (version 1), so editing, removing,
/// inserting or reordering a stored entry breaks every link after it. The first entry links to
/// <see cref="Genesis"/>, which names the record, so a chain copied from another record does not verify either.
/// </summary>
/// <remarks>
/// The encoding is explicit rather than the storage serializer's bytes, so a new field of <see cref="LedgerEntry"/>
/// does not break the hashes of entries written before it (a new field goes into a version 2 encoding).
/// </remarks>
internal static class LedgerChain
{
    private const string Version = "inventory.ledger-chain.v1";

    public static string Genesis(StockKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Version}\n{key.WarehouseId}\n{key.ProductId}")));

    /// <summary>The link of <paramref name="entry"/> after <paramref name="previous"/> (its own Hash is not covered).</summary>
    public static string Link(string previous, LedgerEntry entry)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(previous);
            writer.Write(entry.Sequence);
            writer.Write(entry.EventId);
            writer.Write((int)entry.EventType);
            writer.Write(entry.Quantity);
            writer.Write(entry.QuantityChange);
            writer.Write(entry.AvailableAfter);
            writer.Write(entry.ReservedAfter);
            writer.Write(entry.OnHandAfter);
            writer.Write(entry.DiscrepancyAfter);
            Time(writer, entry.EventTime);
            Time(writer, entry.RecordedAt);
            writer.Write(entry.Source);
            Text(writer, entry.Reference);
            writer.Write((int)entry.Outcome);
            writer.Write(entry.Why is not null);
            if (entry.Why is { } why)
            {
                writer.Write(why.Code);
                Text(writer, why.Field);
                writer.Write(why.Message);
            }

            writer.Write(entry.ReservedChange);
            Text(writer, entry.Destination);
            writer.Write(entry.ExpectedArrival is not null);
            if (entry.ExpectedArrival is { } arrival)
            {
                Time(writer, arrival);
            }

            Text(writer, entry.Actor);
            Text(writer, entry.Channel);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>
    /// Checks <paramref name="entries"/> (consecutive, in sequence order) against the chain from <paramref name="previous"/>
    /// (null: no chained entry yet). Returns the new head, the entries that precede the chain, and the first broken link.
    /// </summary>
    public static (string? Head, long Unchained, long? BrokenAt, string? Problem) Check(string? previous, StockKey key, IEnumerable<LedgerEntry> entries)
    {
        long unchained = 0;
        foreach (var entry in entries)
        {
            if (entry.Hash is null)
            {
                if (previous is not null)
                {
                    return (previous, unchained, entry.Sequence, $"entry {entry.Sequence} carries no hash, but the entries before it are chained: its link was removed");
                }

                unchained++;
                continue;
            }

            var expected = Link(previous ?? Genesis(key), entry);
            if (!string.Equals(expected, entry.Hash, StringComparison.Ordinal))
            {
                return (previous, unchained, entry.Sequence,
                    $"entry {entry.Sequence} ({entry.EventId}) does not match its hash: it, or the link before it, was changed after it was written");
            }

            previous = entry.Hash;
        }

        return (previous, unchained, null, null);
    }

    private static void Time(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.UtcTicks);
        writer.Write((short)time.Offset.TotalMinutes);
    }

    private static void Text(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }
}
