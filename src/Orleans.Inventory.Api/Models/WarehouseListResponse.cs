using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Api.Models;

/// <summary>Every registered warehouse, by id.</summary>
public sealed record WarehouseListResponse(IReadOnlyList<WarehouseInfo> Warehouses);
