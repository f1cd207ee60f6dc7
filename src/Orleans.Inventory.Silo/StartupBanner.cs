using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Orleans.Inventory.Silo;

/// <summary>Says, once the host is up, where the API listens and which profile runs.</summary>
internal sealed partial class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            LogReady(string.Join(", ", addresses), environment.EnvironmentName);
        });
        lifetime.ApplicationStopping.Register(LogStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Orleans.Inventory is ready: HTTP API on {Addresses} (environment {Environment}); OpenAPI at /openapi/v1.json. Ctrl+C stops it.")]
    private partial void LogReady(string addresses, string environment);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Orleans.Inventory is stopping")]
    private partial void LogStopping();
}
