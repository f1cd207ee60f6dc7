using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Inventory.Tls;

/// <summary>Turns on mutual TLS for the Orleans connections of a silo or a gateway client, as <see cref="InventoryTlsOptions"/> says.</summary>
public static class InventoryTlsHostingExtensions
{
    /// <summary>
    /// Binds <see cref="InventoryTlsOptions"/> (<c>Inventory:Tls</c>, validated at start) and, when it is enabled, puts
    /// TLS on the silo port (peers must be silos: <see cref="InventoryTlsOptions.SiloNames"/>), on the gateway port
    /// (peers must be gateway clients: <see cref="InventoryTlsOptions.ClientNames"/>) and on every connection to
    /// another silo (it must answer as a silo). Both ends present and check a certificate.
    /// </summary>
    public static ISiloBuilder UseInventoryTls(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        AddOptions(silo.Services, silo.Configuration, TlsRole.Silo);
        silo.Services.AddOptions<SiloConnectionOptions>()
            .Configure<IOptions<InventoryTlsOptions>, IServiceProvider>((connections, tls, services) =>
            {
                if (!tls.Value.Enabled)
                {
                    return;
                }

                var material = services.GetRequiredService<TlsMaterial>();
                var siloPort = material.Accepting("silo port", "silo", tls.Value.SiloNames);
                var gateway = material.Accepting("gateway", "gateway client", tls.Value.ClientNames);
                var outbound = material.DiallingSilos("to a silo");
                connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(siloPort));
                connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(gateway));
                connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(outbound));
            });
        return silo;
    }

    /// <summary>
    /// Binds <see cref="InventoryTlsOptions"/> (<c>Inventory:Tls</c>, validated at start) and, when it is enabled, puts
    /// TLS on the client's connections to gateways: the client presents its certificate, and a gateway must answer
    /// with a silo certificate (<see cref="InventoryTlsOptions.SiloNames"/>).
    /// </summary>
    public static IClientBuilder UseInventoryTls(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        AddOptions(client.Services, client.Configuration, TlsRole.Client);
        client.Services.AddOptions<ClientConnectionOptions>()
            .Configure<IOptions<InventoryTlsOptions>, IServiceProvider>((connections, tls, services) =>
            {
                if (!tls.Value.Enabled)
                {
                    return;
                }

                var gateways = services.GetRequiredService<TlsMaterial>().DiallingSilos("to a gateway");
                connections.ConfigureConnection(connection => connection.UseClientTls(gateways));
            });
        return client;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration, TlsRole role)
    {
        // The builder's configuration, not one resolved later: a client library host may not register IConfiguration.
        services.AddOptions<InventoryTlsOptions>().Bind(configuration.GetSection(InventoryTlsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InventoryTlsOptions>>(new InventoryTlsOptionsValidator(role));
        services.AddSingleton(provider => new TlsMaterial(
            provider.GetRequiredService<IOptions<InventoryTlsOptions>>(), provider.GetRequiredService<ILoggerFactory>(), role));
    }
}
