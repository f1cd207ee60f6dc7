using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Client;

/// <summary>Registers an Orleans client of the inventory cluster and the typed <see cref="IInventoryClient"/>.</summary>
public static class InventoryClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an Orleans client configured from the <c>Orleans</c> section of <paramref name="configuration"/>
    /// (<c>ClusterId</c>, <c>ServiceId</c>, <c>Clustering</c> by <c>ProviderType</c>, e.g. <c>Development</c> with a
    /// <c>Gateways</c> list such as <c>127.0.0.1:30000</c>; <c>Streaming:notifications</c> to subscribe) and registers
    /// <see cref="IInventoryClient"/>. The client connects when the host starts. With <c>Inventory:Tls:Enabled</c> the
    /// client authenticates to the gateway with <c>Inventory:Tls:Certificate</c> (mutual TLS) and accepts only a gateway
    /// whose certificate chains to <c>Inventory:Tls:CertificateAuthorityPath</c> and carries one of
    /// <c>Inventory:Tls:SiloNames</c> (see <see cref="InventoryTlsOptions"/>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">Configuration holding the <c>Orleans</c> section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddInventoryClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrleansClient(configuration, client => client.UseInventoryTls());
        services.TryAddSingleton<IInventoryClient, InventoryClient>();
        return services;
    }

    /// <summary>
    /// Adds an Orleans client configured from the builder's <c>Orleans</c> configuration section and registers
    /// <see cref="IInventoryClient"/>; see <see cref="AddInventoryClient(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <param name="builder">The application's host builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHostApplicationBuilder AddInventoryClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInventoryClient(builder.Configuration);
        return builder;
    }
}
