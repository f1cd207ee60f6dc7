namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The device a message is from: <see cref="Authenticated"/> when Event Hubs vouched for it (its publisher endpoint),
/// else what the sender claimed in <c>device_id</c>; <see cref="Id"/> null when neither counts.
/// </summary>
public readonly record struct DeviceIdentity(string? Id, bool Authenticated)
{
    /// <summary>The audit actor: <c>device:{id}</c>, or <c>device:unidentified</c>.</summary>
    public string Actor => $"device:{Id ?? "unidentified"}";

    /// <summary>How the identity was established, for the audit detail.</summary>
    public string Evidence => Id is null ? "none" : Authenticated ? "publisher" : "device_id property";
}
