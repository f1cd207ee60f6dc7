using Orleans.Inventory.EventHubsEmulator;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Silo.Dashboard;
using Orleans.Inventory.Silo.Health;
using Orleans.Inventory.Silo.Https;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Silo;

public static class InventorySiloExtensions
{
    /// <summary>
    /// Hosts an Orleans silo with the inventory grains. Clustering, grain storage, reminders and streams come from the
    /// <c>Orleans</c> configuration section (each provider by its <c>ProviderType</c>); our options from <c>Inventory</c>.
    /// With <c>Inventory:Tls</c> enabled, silo and gateway connections use mutual TLS and <c>https://</c> addresses of the
    /// API serve <c>Inventory:Tls:Api:Certificate</c>.
    /// </summary>
    public static WebApplicationBuilder AddInventorySilo(this WebApplicationBuilder builder)
    {
        // The embedded profile carries its own Event Hubs endpoint so devices have something to publish to;
        // durable and Azure profiles turn this off and point at a real (or separately run) one. Registered before
        // the silo, so it listens before the device stream's receivers connect.
        if (builder.Configuration.GetValue<bool>("Inventory:EventHubs:EmbedEmulator"))
        {
            builder.Services.AddEventHubsEmulator(builder.Configuration.GetSection(EventHubsEmulatorOptions.SectionName));
        }

        builder.UseOrleans(silo =>
        {
            silo.UseInventoryTls();
            silo.Services.AddInventoryGrains();
            silo.AddInventoryDeviceStreams(builder.Configuration);
            silo.AddInventoryOrleansDashboard(builder.Configuration);
        });
        builder.Services.AddInventoryHttps();
        builder.Services.AddInventoryHealthChecks(builder.Configuration);
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}
