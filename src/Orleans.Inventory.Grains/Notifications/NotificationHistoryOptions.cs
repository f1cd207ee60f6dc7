namespace Orleans.Inventory.Grains.Notifications;

/// <summary>How much notification history is kept. Bound from <c>Inventory:NotificationHistory</c>.</summary>
public sealed class NotificationHistoryOptions
{
    public const string SectionName = "Inventory:NotificationHistory";

    /// <summary>The newest notifications kept (by occurrence time); older ones are dropped from the history.</summary>
    public int Capacity { get; set; } = 1000;

    /// <summary>How long the history waits to write after a change, so one write carries every notification of that time.</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromSeconds(1);
}
