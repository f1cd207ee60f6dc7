namespace Orleans.Inventory.Security;

/// <summary>Where a checked call's warehouse comes from, for the envelope's scope to be checked against.</summary>
public enum WarehouseFrom
{
    /// <summary>The call names no warehouse (a region's threshold, a webhook): roles only.</summary>
    None,

    /// <summary>The grain's string key up to its first <c>/</c> (a stock grain's key is <c>warehouse/product</c>).</summary>
    GrainKey,

    /// <summary>The first argument that is an <see cref="IWarehouseScoped"/> (a warehouse registration).</summary>
    Argument,
}
