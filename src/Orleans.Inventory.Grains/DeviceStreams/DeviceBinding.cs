using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Who sent a device message and which warehouses it may report for (<see cref="DeviceBindingOptions"/>): the
/// publisher Event Hubs authenticated, else (unless <see cref="DeviceBindingOptions.RequireAuthenticatedPublisher"/>)
/// the <c>device_id</c> property the sender claims. Immutable once built; one per silo.
/// </summary>
public sealed class DeviceBinding(IOptions<DeviceBindingOptions> options)
{
    private readonly DeviceBindingOptions _options = options.Value;
    private readonly Dictionary<string, HashSet<string>> _warehouses = options.Value.Warehouses.ToDictionary(
        entry => entry.Key, entry => entry.Value.ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);

    /// <summary>False when no binding is configured: every device may report for every warehouse.</summary>
    public bool IsConfigured => _options.IsConfigured;

    /// <summary>The device a message is from, as far as the binding trusts it: null when it names none the binding accepts.</summary>
    public DeviceIdentity Identify(DeviceMessage message) =>
        message.Publisher is { Length: > 0 } publisher
            ? new DeviceIdentity(publisher, Authenticated: true)
            : !_options.RequireAuthenticatedPublisher && message.DeviceId is { Length: > 0 } claimed
                ? new DeviceIdentity(claimed, Authenticated: false)
                : new DeviceIdentity(null, Authenticated: false);

    /// <summary>True when <paramref name="device"/> may report for <paramref name="warehouseId"/>.</summary>
    public bool Allows(DeviceIdentity device, string warehouseId)
    {
        if (!IsConfigured)
        {
            return true;
        }

        if (device.Id is null && _options.RequireAuthenticatedPublisher)
        {
            return false;
        }

        var bound = device.Id is null ? null : _warehouses.GetValueOrDefault(device.Id);
        return bound is null
            ? _options.UnlistedDevices == UnlistedDevices.AnyWarehouse
            : bound.Contains(DeviceBindingOptions.Any) || bound.Contains(warehouseId);
    }
}
