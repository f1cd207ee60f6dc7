namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>What a device the binding does not list may report for (<see cref="DeviceBindingOptions.UnlistedDevices"/>).</summary>
public enum UnlistedDevices
{
    /// <summary>No warehouse: each of its events is refused <c>forbidden_warehouse</c>.</summary>
    Refuse,

    /// <summary>Every warehouse, as without a binding.</summary>
    AnyWarehouse,
}
