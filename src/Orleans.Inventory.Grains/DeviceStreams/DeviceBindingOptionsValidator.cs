using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Reports every problem of <c>Inventory:Devices</c> at start, each naming its key.</summary>
internal sealed class DeviceBindingOptionsValidator : IValidateOptions<DeviceBindingOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceBindingOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
