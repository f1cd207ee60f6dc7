namespace Orleans.Inventory.Grains.Storage;

/// <summary>Wraps a table as <see cref="InventoryTables"/> opens it; registered in tests to inject storage faults and count requests.</summary>
public delegate IInventoryTable InventoryTableDecorator(IInventoryTable table);
