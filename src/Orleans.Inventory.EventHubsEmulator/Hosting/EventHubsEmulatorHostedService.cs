using Microsoft.Extensions.Hosting;

namespace Orleans.Inventory.EventHubsEmulator.Hosting;

/// <summary>Runs the emulator for the lifetime of a host (the console host, or a silo that embeds it).</summary>
internal sealed class EventHubsEmulatorHostedService(EventHubsEmulatorServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
