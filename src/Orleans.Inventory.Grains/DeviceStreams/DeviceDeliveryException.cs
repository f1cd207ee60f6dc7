namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Thrown back to the pulling agent when some messages of a delivery are not durable yet: Orleans delivers the batch
/// again after a back-off (<see cref="DeviceStreamDeliveryBackoff"/>).
/// </summary>
[GenerateSerializer, Alias("inventory.device-delivery-exception.v1")]
public sealed class DeviceDeliveryException : Exception
{
    public DeviceDeliveryException()
    {
    }

    public DeviceDeliveryException(string message)
        : base(message)
    {
    }

    public DeviceDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
