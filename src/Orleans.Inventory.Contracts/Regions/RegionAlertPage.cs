using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Regions;

/// <summary>
/// The newest active alerts of a region, at most the limit asked for; <see cref="Truncated"/> when more are active, and
/// then <see cref="Next"/> is the cursor that asks for the ones after these.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.region-alert-page.v1")]
public sealed record RegionAlertPage(
    [property: Id(0)] IReadOnlyList<Notification> Alerts,
    [property: Id(1)] bool Truncated,
    [property: Id(2)] string? Next = null);
