namespace Orleans.Inventory.Auth;

/// <summary>The claim names the API reads from a token.</summary>
public static class InventoryClaims
{
    /// <summary>The principal (a person, an app or a device); rate limits and stream caps count per subject.</summary>
    public const string Subject = "sub";

    /// <summary>One claim per role (<see cref="InventoryRoles"/>).</summary>
    public const string Role = "role";

    /// <summary>
    /// One claim per warehouse the principal may act on, or one <see cref="AllWarehouses"/> claim. A token without it
    /// may act on no warehouse at all (routes that name one answer 403).
    /// </summary>
    public const string Warehouse = "warehouse";

    /// <summary>The <see cref="Warehouse"/> value that means every warehouse.</summary>
    public const string AllWarehouses = "*";
}
