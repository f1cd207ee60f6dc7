using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Notifications;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>Publishing notifications, registering webhooks through the API, reading deliveries, waiting on conditions.</summary>
public static class WebhookTestKit
{
    public const string Secret = "s3cret-for-webhook-tests";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public static Notification NewNotification(NotificationType type = NotificationType.LowStock, string? id = null) =>
        new(id ?? $"n-{Guid.NewGuid():N}", type, new DateTimeOffset(2026, 2, 16, 10, 0, 0, TimeSpan.Zero), "region_north", "warehouse_A",
            "SKU123", null, 7, 10, "Regional available fell to 7 (threshold 10)");

    /// <summary>Publishes as any grain does: on the notification stream, through the cluster client's provider.</summary>
    public static Task PublishAsync(this InventoryClusterFixture fixture, Notification notification) =>
        fixture.Cluster.Client.PublishAsync(notification);

    public static async Task<string> RegisterAsync(this InventoryClusterFixture fixture, Uri url, params string[] types)
    {
        var typeList = string.Join(",", types.Select(t => $"\"{t}\""));
        using var response = await fixture.Http.PostAsync("/api/webhooks",
            new StringContent($$"""{"url":"{{url}}","notification_types":[{{typeList}}],"secret":"{{Secret}}"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration answered {response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    public static async Task DeleteAsync(this InventoryClusterFixture fixture, string webhookId)
    {
        using var response = await fixture.Http.DeleteAsync($"/api/webhooks/{webhookId}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The webhook's deliveries of one notification, as the API lists them.</summary>
    public static async Task<IReadOnlyList<JsonNode>> DeliveriesOfAsync(this InventoryClusterFixture fixture, string webhookId, string notificationId)
    {
        var text = await fixture.Http.GetStringAsync($"/api/webhooks/{webhookId}/deliveries?limit=1000");
        return [.. JsonNode.Parse(text)!["deliveries"]!.AsArray().Where(d => (string?)d!["notification_id"] == notificationId).Select(d => d!)];
    }

    /// <summary>The one delivery of a notification once <paramref name="until"/> holds for it.</summary>
    public static Task<JsonNode> WaitForDeliveryAsync(
        this InventoryClusterFixture fixture, string webhookId, string notificationId, Func<JsonNode, bool> until, string what) =>
        WaitForAsync(async () => (await fixture.DeliveriesOfAsync(webhookId, notificationId)).SingleOrDefault(until), what);

    public static Task<JsonNode> WaitForStatusAsync(this InventoryClusterFixture fixture, string webhookId, string notificationId, string status) =>
        fixture.WaitForDeliveryAsync(webhookId, notificationId, d => (string?)d["status"] == status, $"delivery of {notificationId} to be {status}");

    /// <summary>The requests that carried this notification, in arrival order.</summary>
    public static IReadOnlyList<ReceivedDelivery> Carrying(this WebhookReceiver receiver, Notification notification) =>
        [.. receiver.Received.Where(r => (string?)JsonNode.Parse(r.Body)!["id"] == notification.Id)];

    public static Task WaitForReceiptAsync(this WebhookReceiver receiver, Notification notification, int status = 200) =>
        WaitForAsync(() => Task.FromResult<object?>(receiver.Carrying(notification).FirstOrDefault(r => r.AnsweredStatus == status)),
            $"the receiver to answer {status} to {notification.Id}");

    /// <summary>Polls until <paramref name="probe"/> answers something; fails naming what it waited for at the deadline.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? patience = null)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (deadline.Elapsed > (patience ?? Patience))
            {
                throw new TimeoutException($"Waited {deadline.Elapsed.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
