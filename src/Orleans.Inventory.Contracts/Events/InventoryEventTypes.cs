using System.Collections.Frozen;

namespace Orleans.Inventory.Events;

/// <summary>Wire names of <see cref="InventoryEventType"/> and the rule each type follows.</summary>
public static class InventoryEventTypes
{
    private static readonly FrozenDictionary<string, InventoryEventType> ByWireName = new Dictionary<string, InventoryEventType>
    {
        ["item_added"] = InventoryEventType.ItemAdded,
        ["item_removed"] = InventoryEventType.ItemRemoved,
        ["item_damaged"] = InventoryEventType.ItemDamaged,
        ["item_returned"] = InventoryEventType.ItemReturned,
        ["stock_counted"] = InventoryEventType.StockCounted,
        ["item_reserved"] = InventoryEventType.ItemReserved,
        ["reservation_released"] = InventoryEventType.ReservationReleased,
        ["reservation_committed"] = InventoryEventType.ReservationCommitted,
        ["transfer_shipped"] = InventoryEventType.TransferShipped,
        ["transfer_received"] = InventoryEventType.TransferReceived,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<InventoryEventType, string> ByType =
        ByWireName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>All wire names, in a stable order, for error messages and documentation.</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. ByWireName.Keys.Order(StringComparer.Ordinal)];

    public static bool TryParse(string wireName, out InventoryEventType type) => ByWireName.TryGetValue(wireName, out type);

    public static string ToWireName(this InventoryEventType type) =>
        ByType.TryGetValue(type, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(type), type, null);

    /// <summary>True for the types that act on a reservation named by <c>reference</c>.</summary>
    public static bool IsReservation(this InventoryEventType type) =>
        type is InventoryEventType.ItemReserved or InventoryEventType.ReservationReleased or InventoryEventType.ReservationCommitted;

    /// <summary>True for the types that act on a transfer named by <c>reference</c>.</summary>
    public static bool IsTransfer(this InventoryEventType type) =>
        type is InventoryEventType.TransferShipped or InventoryEventType.TransferReceived;

    /// <summary>True for an absolute count; false for a delta that adds to or removes from on hand.</summary>
    public static bool IsCount(this InventoryEventType type) => type == InventoryEventType.StockCounted;

    /// <summary>
    /// The sign a delta's quantity takes on the on-hand balance (+1 in, -1 out); 0 for a count and for reserve and
    /// release, which move units between available and reserved without changing on hand.
    /// </summary>
    public static int DeltaSign(this InventoryEventType type) => type switch
    {
        InventoryEventType.ItemAdded or InventoryEventType.ItemReturned or InventoryEventType.TransferReceived => 1,
        InventoryEventType.ItemRemoved or InventoryEventType.ItemDamaged or InventoryEventType.ReservationCommitted
            or InventoryEventType.TransferShipped => -1,
        InventoryEventType.StockCounted or InventoryEventType.ItemReserved or InventoryEventType.ReservationReleased => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
