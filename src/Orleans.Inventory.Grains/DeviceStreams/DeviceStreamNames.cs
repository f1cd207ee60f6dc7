namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Names of the device stream provider and its stream namespace.</summary>
public static class DeviceStreamNames
{
    /// <summary>The Event Hubs stream provider that reads device messages.</summary>
    public const string Provider = "devices";

    /// <summary>A fixed number of streams per partition (<c>{partition}/{n}</c>); each has an implicit <see cref="DeviceStreamGrain"/> consumer.</summary>
    public const string Namespace = "inventory-devices";
}
