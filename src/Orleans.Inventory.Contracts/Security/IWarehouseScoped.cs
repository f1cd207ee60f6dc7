namespace Orleans.Inventory.Security;

/// <summary>An argument that names the warehouse a call acts on (<see cref="WarehouseFrom.Argument"/>).</summary>
public interface IWarehouseScoped
{
    string WarehouseId { get; }
}
