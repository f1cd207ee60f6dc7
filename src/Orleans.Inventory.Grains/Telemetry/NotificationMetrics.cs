using System.Diagnostics.Metrics;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>Counters of the notifications that region and transfer grains publish, on the <see cref="InventoryTelemetry.Name"/> meter.</summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _published = meter.CreateCounter<long>("inventory.notifications.published", "{notification}", "Notifications published, by type.");
        _publishFailures = meter.CreateCounter<long>("inventory.notifications.publish_failures", "{attempt}",
            "Deliveries of committed notifications (and a transfer's other effects) that failed and will be retried.");
    }

    public void Published(NotificationType type) => _published.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void PublishFailed() => _publishFailures.Add(1);
}
