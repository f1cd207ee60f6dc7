using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Tls;

namespace Orleans.Inventory.Silo.Https;

public static class InventoryHttpsExtensions
{
    /// <summary>
    /// With <c>Inventory:Tls</c> enabled and <c>Inventory:Tls:Api:Certificate</c> set, every <c>https://</c> address of
    /// <c>Urls</c> serves that certificate (the local durable profile: <c>https://127.0.0.1:5080</c> with
    /// <c>.data/certs/api.pem</c>). Plain <c>http://</c> addresses (the embedded profile) are not affected.
    /// </summary>
    public static IServiceCollection AddInventoryHttps(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<InventoryTlsOptions>>((kestrel, tls) =>
            {
                if (!tls.Value.Enabled || !tls.Value.Api.Certificate.IsSet)
                {
                    return;
                }

                var certificate = TlsCertificates.LoadWithKey(tls.Value.Api.Certificate, $"{InventoryTlsOptions.SectionName}:Api:Certificate");
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            });
        return services;
    }
}
