namespace Orleans.Inventory.Grains.Warehouses;

/// <summary>
/// The warehouses registered at silo start, from the <c>Inventory:Warehouses</c> array. Seeding only adds what is
/// not registered yet: a warehouse changed at run time keeps its change.
/// </summary>
public sealed class WarehouseSeedOptions
{
    public const string SectionName = "Inventory:Warehouses";

    public List<WarehouseSeed> Warehouses { get; set; } = [];
}
