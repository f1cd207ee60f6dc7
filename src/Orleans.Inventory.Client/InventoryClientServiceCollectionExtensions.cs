using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Inventory.Security;
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
    /// <remarks>
    /// When <paramref name="configuration"/> holds <c>Inventory:CallerEnvelope:SigningKey</c>, the client is a trusted
    /// tier and signs its calls (<see cref="AddTrustedCallerEnvelopes"/>); without it, calls that change stock or
    /// administer are refused by the silo (docs/security.md), reads still answer.
    /// </remarks>
    public static IServiceCollection AddInventoryClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrleansClient(configuration, client => client.UseInventoryTls());
        services.TryAddSingleton<IInventoryClient, InventoryClient>();
        if (!string.IsNullOrEmpty(configuration[$"{CallerEnvelopeOptions.SectionName}:SigningKey"]))
        {
            services.AddTrustedCallerEnvelopes();
        }

        return services;
    }

    /// <summary>
    /// Makes this Orleans client a trusted tier: every grain call that carries no <see cref="CallerEnvelope"/> gets one
    /// signed with <c>Inventory:CallerEnvelope:SigningKey</c> for the identity in <c>Inventory:Client:Caller</c>
    /// (<see cref="TrustedCallerOptions"/>; both validated at start). Whoever holds the key can sign any identity: give
    /// it only to tiers as trusted as the API.
    /// </summary>
    /// <param name="services">The client application's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTrustedCallerEnvelopes(this IServiceCollection services)
    {
        const string Section = TrustedCallerOptions.SectionName;
        services.AddCallerEnvelopes();
        services.AddOptions<TrustedCallerOptions>().BindConfiguration(Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Subject), $"{Section}:Subject must name the client tier (recorded as client:{{Subject}}).")
            .Validate(o => o.Roles.Count > 0, $"{Section}:Roles must list at least one role.")
            .Validate(o => o.Warehouses.Count > 0, $"{Section}:Warehouses must list the warehouses the tier may act on, or '*'.")
            .ValidateOnStart();
        services.TryAddSingleton<CallerEnvelopeStamper>();
        services.AddSingleton<IOutgoingGrainCallFilter>(provider => provider.GetRequiredService<CallerEnvelopeStamper>());
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
