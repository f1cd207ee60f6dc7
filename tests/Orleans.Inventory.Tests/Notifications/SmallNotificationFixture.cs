using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary>
/// A notification history of 5 and a live-update window of 5, so that tests can push items out of both; only
/// notification and live-stream tests use it, one at a time (one collection).
/// </summary>
public sealed class SmallNotificationFixture : InventoryClusterFixture
{
    public const int Capacity = 5;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:NotificationHistory:Capacity"] = $"{Capacity}",
        ["Inventory:LiveStream:WindowSize"] = $"{Capacity}",
        ["Inventory:LiveStream:ClientBufferSize"] = "64",
        ["Inventory:LiveStream:HeartbeatInterval"] = "00:00:00.200",
    };
}

[CollectionDefinition(Name)]
public sealed class SmallNotificationCollection : ICollectionFixture<SmallNotificationFixture>
{
    public const string Name = "small notification window cluster";
}
