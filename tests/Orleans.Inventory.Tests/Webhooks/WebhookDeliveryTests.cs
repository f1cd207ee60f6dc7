using System.Text.Json.Nodes;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Webhooks;
using static Orleans.Inventory.Tests.Webhooks.WebhookTestKit;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>
/// Notifications published on the stream reach real HTTP receivers, signed, filtered by type, once per delivery id,
/// in order, and a slow receiver holds up nobody else. Each test registers its own webhooks and deletes them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookDeliveryTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task ARegisteredWebhookReceivesTheNotificationSignedWithItsSecret()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var notification = NewNotification(NotificationType.LowStock);

            await fixture.PublishAsync(notification);
            await receiver.WaitForReceiptAsync(notification);
            var delivery = await fixture.WaitForStatusAsync(webhookId, notification.Id, "delivered");

            var received = Assert.Single(receiver.Carrying(notification));
            Assert.True(received.SignatureValid, $"signature {received.Signature} over timestamp {received.Timestamp} did not verify");
            Assert.False(WebhookReceiver.Verify("another-secret-entirely", received.Timestamp, System.Text.Encoding.UTF8.GetBytes(received.Body), received.Signature));
            Assert.StartsWith("sha256=", received.Signature, StringComparison.Ordinal);
            Assert.Equal(WebhookRules.DeliveryId(webhookId, notification.Id), received.DeliveryId);
            Assert.Equal("low_stock", received.EventType);
            Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
            var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(received.Timestamp!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(sentAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

            var body = JsonNode.Parse(received.Body)!;
            Assert.Equal(notification.Id, (string?)body["id"]);
            Assert.Equal("low_stock", (string?)body["type"]);
            Assert.Equal("region_north", (string?)body["region_id"]);
            Assert.Equal("warehouse_A", (string?)body["warehouse_id"]);
            Assert.Equal("SKU123", (string?)body["product_id"]);
            Assert.Equal(7, (long?)body["quantity"]);
            Assert.Equal(10, (long?)body["threshold"]);
            Assert.Equal(notification.OccurredAt, (DateTimeOffset?)body["occurred_at"]);

            Assert.Equal(received.DeliveryId, (string?)delivery["id"]);
            Assert.Equal("low_stock", (string?)delivery["notification_type"]);
            Assert.Equal(1, (int?)delivery["attempts"]);
            Assert.Equal("2xx", (string?)delivery["last_status_class"]);
            Assert.Null(delivery["last_error"]);
            Assert.Null(delivery["next_attempt_at"]);
            Assert.NotNull(delivery["delivered_at"]);
            Assert.Null(delivery["abandoned_at"]);
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task AWebhookGetsOnlyTheTypesItAskedForAndAnEmptyListMeansAll()
    {
        await using var discrepancies = new WebhookReceiver(Secret);
        await using var everything = new WebhookReceiver(Secret);
        await discrepancies.StartAsync();
        await everything.StartAsync();
        var discrepancyHook = await fixture.RegisterAsync(discrepancies.Url, "stock_discrepancy", "delayed_shipment");
        var allHook = await fixture.RegisterAsync(everything.Url);
        try
        {
            var low = NewNotification(NotificationType.LowStock);
            var discrepancy = NewNotification(NotificationType.StockDiscrepancy);

            await fixture.PublishAsync(low);
            await fixture.PublishAsync(discrepancy);
            await everything.WaitForReceiptAsync(low);
            await everything.WaitForReceiptAsync(discrepancy);
            // Deliveries to one webhook go in order: had the low-stock alert been queued there, it would be in first.
            await discrepancies.WaitForReceiptAsync(discrepancy);

            Assert.Empty(discrepancies.Carrying(low));
            Assert.Empty(await fixture.DeliveriesOfAsync(discrepancyHook, low.Id));
            Assert.Equal("stock_discrepancy", Assert.Single(discrepancies.Carrying(discrepancy)).EventType);
            Assert.Equal("low_stock", Assert.Single(everything.Carrying(low)).EventType);
        }
        finally
        {
            await fixture.DeleteAsync(discrepancyHook);
            await fixture.DeleteAsync(allHook);
        }
    }

    [Fact]
    public async Task TheSameNotificationPublishedTwiceIsOneDeliveryWithADeterministicId()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var notification = NewNotification(NotificationType.DelayedShipment);
            var marker = NewNotification(NotificationType.DelayedShipmentResolved);

            await fixture.PublishAsync(notification);
            await fixture.PublishAsync(notification with { Message = "published again after a crash" });
            await receiver.WaitForReceiptAsync(notification);
            await fixture.PublishAsync(notification);
            await fixture.PublishAsync(marker);
            await receiver.WaitForReceiptAsync(marker);

            var received = Assert.Single(receiver.Carrying(notification));
            var listed = Assert.Single(await fixture.DeliveriesOfAsync(webhookId, notification.Id));
            Assert.Equal(WebhookRules.DeliveryId(webhookId, notification.Id), received.DeliveryId);
            Assert.Equal(received.DeliveryId, (string?)listed["id"]);
            Assert.NotEqual(received.DeliveryId, Assert.Single(receiver.Carrying(marker)).DeliveryId);
            Assert.NotEqual(WebhookRules.DeliveryId(WebhookRules.NewWebhookId(), notification.Id), received.DeliveryId);
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task DeliveriesToOneWebhookArriveInTheOrderTheyWerePublished()
    {
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var published = Enumerable.Range(0, 8).Select(i => NewNotification((NotificationType)(1 + (i % 5)))).ToList();

            foreach (var notification in published)
            {
                await fixture.PublishAsync(notification);
            }

            await receiver.WaitForReceiptAsync(published[^1]);

            var ours = published.Select(n => n.Id).ToHashSet();
            var arrived = receiver.Received.Select(r => (string)JsonNode.Parse(r.Body)!["id"]!).Where(ours.Contains);
            Assert.Equal(published.Select(n => n.Id), arrived);
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task ASlowReceiverHoldsUpNeitherTheOtherWebhooksNorItsOwnQueue()
    {
        await using var slow = new WebhookReceiver(Secret) { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var fast = new WebhookReceiver(Secret);
        await slow.StartAsync();
        await fast.StartAsync();
        var slowHook = await fixture.RegisterAsync(slow.Url);
        var fastHook = await fixture.RegisterAsync(fast.Url);
        try
        {
            var first = NewNotification();
            var second = NewNotification(NotificationType.StockRecovered);

            await fixture.PublishAsync(first);
            await fast.WaitForReceiptAsync(first);
            // The slow webhook is now (or soon) inside an HTTP call; queuing the next one there must not wait for it.
            await fixture.PublishAsync(second);
            await fast.WaitForReceiptAsync(second);
            var queuedBehind = await fixture.WaitForStatusAsync(slowHook, second.Id, "pending");
            var held = Assert.Single(await fixture.DeliveriesOfAsync(slowHook, first.Id));

            // Had queuing waited for the held call, that call would have ended (timed out, an attempt) first.
            Assert.Empty(slow.Received);
            Assert.Equal("pending", (string?)held["status"]);
            Assert.Equal(0, (int?)held["attempts"]);
            Assert.Equal(0, (int?)queuedBehind["attempts"]);
            slow.Hold.SetResult();
            await slow.WaitForReceiptAsync(second);
            Assert.Equal([first.Id, second.Id], slow.Received.Where(r => r.AnsweredStatus == 200).Select(r => (string)JsonNode.Parse(r.Body)!["id"]!).Distinct());
        }
        finally
        {
            slow.Hold.TrySetResult();
            await fixture.DeleteAsync(slowHook);
            await fixture.DeleteAsync(fastHook);
        }
    }

    [Fact]
    public async Task ADeletedWebhookIsGoneAndGetsNothingMore()
    {
        await using var deleted = new WebhookReceiver(Secret);
        await using var kept = new WebhookReceiver(Secret);
        await deleted.StartAsync();
        await kept.StartAsync();
        var deletedHook = await fixture.RegisterAsync(deleted.Url);
        var keptHook = await fixture.RegisterAsync(kept.Url);
        try
        {
            await fixture.DeleteAsync(deletedHook);
            var notification = NewNotification();

            await fixture.PublishAsync(notification);
            await kept.WaitForReceiptAsync(notification);

            Assert.Empty(deleted.Received);
            using var get = await fixture.Http.GetAsync($"/api/webhooks/{deletedHook}");
            using var deliveries = await fixture.Http.GetAsync($"/api/webhooks/{deletedHook}/deliveries");
            using var again = await fixture.Http.DeleteAsync($"/api/webhooks/{deletedHook}");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, deliveries.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        }
        finally
        {
            await fixture.DeleteAsync(keptHook);
        }
    }
}
