using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.EventHubsEmulator.Hosting;

namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>Embeds the local Event Hubs emulator in a host.</summary>
public static class EventHubsEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EventHubsEmulatorServer"/> as a singleton, bound from <paramref name="configuration"/>
    /// (usually the <c>EventHubsEmulator</c> section) and validated at start, and a hosted service that starts
    /// it with the host and stops it with the host.
    /// </summary>
    public static IServiceCollection AddEventHubsEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventHubsEmulatorOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventHubsEmulatorOptions>, EventHubsEmulatorOptionsValidator>());
        services.TryAddSingleton(sp => new EventHubsEmulatorServer(
            sp.GetRequiredService<IOptions<EventHubsEmulatorOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<EventHubsEmulatorHostedService>();
        return services;
    }
}
