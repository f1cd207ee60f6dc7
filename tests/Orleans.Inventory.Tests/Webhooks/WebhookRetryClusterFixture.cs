using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>
/// Webhook retries on a short clock: backoff from 200 ms to 1 s, a 10 s retry window, and 3 pending deliveries per webhook, a 2 s reminder (Orleans'
/// minimum reminder period lowered to 1 s), so outages, recovery and abandonment play out within a test.
/// </summary>
public sealed class WebhookRetryClusterFixture : InventoryClusterFixture
{
    public const int MaxPending = 3;

    public static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(10);

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Webhooks:InitialBackoff"] = "00:00:00.200",
        ["Inventory:Webhooks:MaxBackoff"] = "00:00:01",
        ["Inventory:Webhooks:RetryWindow"] = RetryWindow.ToString(),
        ["Inventory:Webhooks:ReminderPeriod"] = "00:00:02",
        ["Inventory:Webhooks:RequestTimeout"] = "00:00:05",
        ["Inventory:Webhooks:MaxPendingDeliveries"] = MaxPending.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
}
