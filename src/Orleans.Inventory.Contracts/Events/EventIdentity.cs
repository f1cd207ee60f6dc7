using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Inventory.Events;

/// <summary>Derives the idempotency key of an event sent without <c>event_id</c>.</summary>
/// <remarks>
/// The id is <c>d-</c> + the first 128 bits (hex) of SHA-256 over the event's content and source, each field
/// length-prefixed so no two field lists share an encoding: type, product, warehouse, quantity, timestamp (UTC ticks),
/// device id, reference. A re-sent copy therefore gets the same id and is recognised as a duplicate. The flip side,
/// documented in the README: two genuinely distinct events with identical content, source and timestamp collapse
/// into one, so senders that can produce such pairs must send their own <c>event_id</c>.
/// </remarks>
public static class EventIdentity
{
    public const string DerivedPrefix = "d-";

    public static string Derive(
        InventoryEventType type, string productId, string warehouseId, long quantity, DateTimeOffset timestamp,
        string? deviceId, string? reference)
    {
        var canonical = new StringBuilder();
        Append(canonical, type.ToWireName());
        Append(canonical, productId);
        Append(canonical, warehouseId);
        Append(canonical, quantity.ToString(CultureInfo.InvariantCulture));
        Append(canonical, timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(canonical, deviceId ?? string.Empty);
        Append(canonical, reference ?? string.Empty);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()), hash);
        return DerivedPrefix + Convert.ToHexStringLower(hash[..16]);
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
}
