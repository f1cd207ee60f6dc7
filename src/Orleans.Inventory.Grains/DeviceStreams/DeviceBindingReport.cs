using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Says at silo start how devices are bound to warehouses, and warns when they are not.</summary>
internal sealed partial class DeviceBindingReport(IOptions<DeviceBindingOptions> options, ILogger<DeviceBindingReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var binding = options.Value;
        if (!binding.IsConfigured)
        {
            LogUnbound(DeviceBindingOptions.SectionName);
        }
        else
        {
            LogBound(binding.Warehouses.Count, binding.UnlistedDevices, binding.RequireAuthenticatedPublisher);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning,
        Message = "No device binding ({Section}:Warehouses): any device may report for any warehouse on the device stream; configure it (and RequireAuthenticatedPublisher) before devices you do not control can publish")]
    private partial void LogUnbound(string section);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information,
        Message = "Device binding: {Devices} device(s) bound, unlisted devices: {UnlistedDevices}, authenticated publisher required: {RequirePublisher}")]
    private partial void LogBound(int devices, UnlistedDevices unlistedDevices, bool requirePublisher);
}
