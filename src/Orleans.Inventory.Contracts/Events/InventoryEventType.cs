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
}
