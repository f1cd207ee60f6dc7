namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>Webhook delivery: retry policy, timeouts and bounds. Bound from <c>Inventory:Webhooks</c>, validated at start.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Inventory:Webhooks";

    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> deliveries use.</summary>
    public const string HttpClientName = "inventory-webhooks";

    /// <summary>The wait after the first failed attempt; each further failure doubles it (with ±20% jitter).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after it was queued a delivery is retried; then it is abandoned.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one attempt may take (connect, send, response headers) before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the durable reminder wakes a webhook that still has pending deliveries (after a deactivation or a
    /// silo crash); at least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute by default).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// False (the default, and the Azure profile's): webhooks to loopback, private, link-local (cloud metadata),
    /// unspecified, multicast and broadcast addresses are refused at registration and again at each delivery after DNS
    /// resolution (<see cref="WebhookAddressGuard"/>). True only where receivers on such addresses are intended: the tests'
    /// local receivers on 127.0.0.1.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How many webhooks may be registered.</summary>
    public int MaxWebhooks { get; set; } = 100;

    /// <summary>
    /// Pending deliveries kept per webhook. At the cap the oldest pending one is abandoned (recorded as such) to make
    /// room: during a long outage the newest alerts are the ones worth delivering.
    /// </summary>
    public int MaxPendingDeliveries { get; set; } = 250;

    /// <summary>Finished (delivered or abandoned) deliveries kept per webhook for the deliveries listing; newest kept.</summary>
    public int DeliveryHistoryCapacity { get; set; } = 100;
}
