namespace Orleans.Inventory.Events;

/// <summary>What happened to the stock of a product at a warehouse.</summary>
/// <remarks>Wire names are the snake_case names in <see cref="InventoryEventTypes"/>; never renumber a value.</remarks>
public enum InventoryEventType
{
    /// <summary>Items arrived (received from a supplier, put away).</summary>
    ItemAdded = 1,

    /// <summary>Items left (picked, shipped).</summary>
    ItemRemoved = 2,

    /// <summary>Items were found damaged and taken out of stock.</summary>
    ItemDamaged = 3,

    /// <summary>Items came back from a customer and went back into stock.</summary>
    ItemReturned = 4,

    /// <summary>An absolute count (cycle count): on hand as of the event's timestamp.</summary>
    StockCounted = 5,

    /// <summary>An order system holds units of available stock (<c>reference</c> = reservation id).</summary>
    ItemReserved = 6,

    /// <summary>A reservation is released (by its owner, or by expiry); the units are available again.</summary>
    ReservationReleased = 7,

    /// <summary>A reservation is fulfilled: its units leave the warehouse.</summary>
    ReservationCommitted = 8,

    /// <summary>Units leave for another warehouse (<c>reference</c> = transfer id, <c>destination</c>, <c>expected_arrival</c>).</summary>
    TransferShipped = 9,

    /// <summary>Units of a transfer arrive (<c>reference</c> = transfer id).</summary>
    TransferReceived = 10,
}
