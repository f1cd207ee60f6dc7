namespace Orleans.Inventory.Events;

/// <summary>One element of an inbound body: either a valid event or the reason it was refused.</summary>
/// <param name="Index">Position in the body (0 for a single object).</param>
/// <param name="Event">The event, when valid.</param>
/// <param name="Rejection">Why it was refused, when invalid.</param>
/// <param name="Raw">The element's JSON text as received, kept for the dead-letter record.</param>
/// <param name="EventId">The event id (sent or derived) when it could be read.</param>
/// <param name="ProductId">The product id as sent, when it was a string.</param>
/// <param name="WarehouseId">The warehouse id as sent, when it was a string.</param>
public sealed record ParsedEvent(
    int Index,
    InventoryEvent? Event,
    EventRejection? Rejection,
    string Raw,
    string? EventId,
    string? ProductId,
    string? WarehouseId);
