namespace Orleans.Inventory.Notifications;

/// <summary>What a notification tells. Wire names are snake_case (<c>low_stock</c>, ...); never renumber.</summary>
public enum NotificationType
{
    /// <summary>Regional available fell to or below the product's threshold.</summary>
    LowStock = 1,

    /// <summary>Regional available climbed back to the recovery level after a <see cref="LowStock"/>.</summary>
    StockRecovered = 2,

    /// <summary>A removal at a warehouse exceeded what its record held (a physical discrepancy).</summary>
    StockDiscrepancy = 3,

    /// <summary>A transfer's expected arrival passed without a receipt.</summary>
    DelayedShipment = 4,

    /// <summary>A delayed transfer was received after all; closes the <see cref="DelayedShipment"/>.</summary>
    DelayedShipmentResolved = 5,
}
