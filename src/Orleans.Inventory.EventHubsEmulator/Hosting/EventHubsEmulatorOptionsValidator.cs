using Microsoft.Extensions.Options;

namespace Orleans.Inventory.EventHubsEmulator.Hosting;

/// <summary>Reports every configuration problem at start, each naming its field.</summary>
internal sealed class EventHubsEmulatorOptionsValidator : IValidateOptions<EventHubsEmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EventHubsEmulatorOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
