using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Which warehouses each device may report for (<c>Inventory:Devices</c>), checked per event on the device stream.
/// No <see cref="Warehouses"/> at all: no binding, every device may report for every warehouse (a warning at start says
/// so). Validated at start.
/// </summary>
public sealed class DeviceBindingOptions
{
    public const string SectionName = "Inventory:Devices";

    /// <summary>A warehouse list holding this may report for every warehouse.</summary>
    public const string Any = "*";

    /// <summary>
    /// Device id -> the warehouses it may report for (<c>"rfid-1": ["warehouse_A"]</c>; <c>["*"]</c>: all). Device ids
    /// compare without case (configuration keys do, and so do Event Hubs publisher names).
    /// </summary>
    public Dictionary<string, List<string>> Warehouses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What a device <see cref="Warehouses"/> does not list (or a message with no device) may report for, once a binding
    /// is configured: <see cref="UnlistedDevices.Refuse"/> (the default: none) or <see cref="UnlistedDevices.AnyWarehouse"/>
    /// (the development profiles, so load generators and ad-hoc producers keep working beside the bound fleet).
    /// </summary>
    public UnlistedDevices UnlistedDevices { get; set; } = UnlistedDevices.Refuse;

    /// <summary>
    /// When true, a device is who Event Hubs authenticated it as (the publisher endpoint it sent to, <c>x-opt-publisher</c>)
    /// and nothing else: a message sent to the hub itself, naming its device only in the <c>device_id</c> property that any
    /// sender can set, is bound to no warehouse. When false, that property is taken for the device when there is no
    /// publisher (a publisher, when there is one, always wins over the property).
    /// </summary>
    public bool RequireAuthenticatedPublisher { get; set; }

    internal bool IsConfigured => Warehouses.Count > 0;

    /// <summary>Every problem, each naming its key; empty when usable.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(UnlistedDevices))
        {
            errors.Add($"{SectionName}:UnlistedDevices must be {string.Join(" or ", Enum.GetNames<UnlistedDevices>())}, was '{UnlistedDevices}'.");
        }

        if (RequireAuthenticatedPublisher && !IsConfigured)
        {
            errors.Add($"{SectionName}:RequireAuthenticatedPublisher needs {SectionName}:Warehouses (which warehouses each device may report for).");
        }

        foreach (var (device, warehouses) in Warehouses)
        {
            if (!IdRules.IsValid(device))
            {
                errors.Add($"{SectionName}:Warehouses: the device id '{device}' is not valid (1 to {IdRules.MaxLength} of {IdRules.Alphabet}).");
            }

            if (warehouses is null || warehouses.Count == 0)
            {
                errors.Add($"{SectionName}:Warehouses:{device} names no warehouse (to bind a device to none, leave it out with UnlistedDevices Refuse).");
                continue;
            }

            foreach (var warehouse in warehouses.Where(w => w != Any && !IdRules.IsValid(w ?? string.Empty)))
            {
                errors.Add($"{SectionName}:Warehouses:{device}: '{warehouse}' is not a warehouse id (1 to {IdRules.MaxLength} of {IdRules.Alphabet}) or '{Any}'.");
            }
        }

        return errors;
    }
}
