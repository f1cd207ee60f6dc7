namespace Orleans.Inventory.Devices.Simulation;

/// <summary>The ways the simulator breaks an item on purpose; the server must dead-letter each one.</summary>
internal enum MalformedKind
{
    /// <summary>The whole message body is not JSON.</summary>
    NotJson,

    /// <summary>One array element lacks <c>product_id</c> (the parser: <c>missing_field</c>).</summary>
    MissingProductId,

    /// <summary>One array element has a negative quantity (the parser: <c>invalid_value</c>).</summary>
    NegativeQuantity,
}
