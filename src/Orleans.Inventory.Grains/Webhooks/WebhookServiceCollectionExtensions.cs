using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Webhooks;

// In the grains namespace so AddInventoryGrains calls it with one line and no extra using.
namespace Orleans.Inventory.Grains;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers webhook delivery on a silo: <see cref="WebhookOptions"/> from <c>Inventory:Webhooks</c> (validated
    /// at start) and the named <see cref="HttpClient"/> deliveries use (timeout <see cref="WebhookOptions.RequestTimeout"/>,
    /// no redirects, no proxy, connections through the <see cref="WebhookAddressGuard"/>), and Data Protection for the
    /// secrets (<see cref="SecretProtectionServiceCollectionExtensions.AddInventorySecretProtection"/>).
    /// </summary>
    public static IServiceCollection AddInventoryWebhooks(this IServiceCollection services)
    {
        const string Section = WebhookOptions.SectionName;
        services.AddOptions<WebhookOptions>().BindConfiguration(Section)
            .Validate(o => o.InitialBackoff > TimeSpan.Zero, $"{Section}:InitialBackoff must be positive.")
            .Validate(o => o.MaxBackoff >= o.InitialBackoff, $"{Section}:MaxBackoff must be at least InitialBackoff.")
            .Validate(o => o.RetryWindow >= o.InitialBackoff, $"{Section}:RetryWindow must be at least InitialBackoff.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.RequestTimeout <= TimeSpan.FromMinutes(5), $"{Section}:RequestTimeout must be positive and at most 5 minutes.")
            .Validate(o => o.ReminderPeriod >= TimeSpan.FromSeconds(1), $"{Section}:ReminderPeriod must be at least 1 second (and at least Orleans' MinimumReminderPeriod).")
            .Validate(o => o.MaxWebhooks is >= 1 and <= 10_000, $"{Section}:MaxWebhooks must be 1 to 10000.")
            .Validate(o => o.MaxPendingDeliveries is >= 1 and <= 1000, $"{Section}:MaxPendingDeliveries must be 1 to 1000 (grain state stays well under 1 MiB).")
            .Validate(o => o.DeliveryHistoryCapacity is >= 1 and <= 1000, $"{Section}:DeliveryHistoryCapacity must be 1 to 1000.")
            .ValidateOnStart();

        services.AddHttpClient(WebhookOptions.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout)
            // A redirect is a failed delivery: following it would send signed alerts to an address nobody registered.
            // No proxy, and every connection through the address guard: it connects to the address it checked.
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectCallback = provider.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookAddressGuard>();
        services.TryAddSingleton<WebhookSender>();
        services.AddInventorySecretProtection();
        return services;
    }
}
