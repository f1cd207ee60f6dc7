using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Grains.Webhooks;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;
using Orleans.Runtime;
using static Orleans.Inventory.Tests.Webhooks.WebhookTestKit;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>Receivers that fail or are down: retries with backoff, nothing lost within the window, then abandonment.</summary>
[Collection(WebhookRetryClusterCollection.Name)]
public sealed class WebhookRetryTests(WebhookRetryClusterFixture fixture)
{
    [Fact]
    public async Task AReceiverAnswering503GetsEverythingInOrderOnceItRecoversWithEachAttemptRecorded()
    {
        await using var receiver = new WebhookReceiver(Secret) { Status = HttpStatusCode.ServiceUnavailable };
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var first = NewNotification(NotificationType.StockDiscrepancy);
            var second = NewNotification(NotificationType.LowStock);

            await fixture.PublishAsync(first);
            await fixture.PublishAsync(second);
            await WaitForAsync(() => Task.FromResult(receiver.Carrying(first).Count >= 3 ? receiver : null), "three failed attempts");
            var failing = await fixture.WaitForDeliveryAsync(webhookId, first.Id, d => (int?)d["attempts"] >= 3, "three attempts recorded");
            receiver.Status = HttpStatusCode.OK;
            var delivered = await fixture.WaitForStatusAsync(webhookId, first.Id, "delivered");
            await fixture.WaitForStatusAsync(webhookId, second.Id, "delivered");

            Assert.Equal("pending", (string?)failing["status"]);
            Assert.Equal("5xx", (string?)failing["last_status_class"]);
            Assert.Equal("HTTP 5xx", (string?)failing["last_error"]);
            Assert.NotNull(failing["next_attempt_at"]);
            var attempts = receiver.Carrying(first);
            Assert.Equal(attempts.Count, (int?)delivered["attempts"]);
            Assert.Equal(200, attempts[^1].AnsweredStatus);
            Assert.All(attempts.Take(attempts.Count - 1), a => Assert.Equal(503, a.AnsweredStatus));
            Assert.All(attempts, a => Assert.True(a.SignatureValid));
            Assert.Single(attempts.Select(a => a.DeliveryId).Distinct());
            Assert.Equal("2xx", (string?)delivered["last_status_class"]);
            Assert.Null(delivered["last_error"]);
            // In order: the second was never sent before the first got through.
            var firstDelivered = receiver.Received.ToList().FindIndex(r => r.AnsweredStatus == 200 && r.Body.Contains(first.Id, StringComparison.Ordinal));
            var secondSent = receiver.Received.ToList().FindIndex(r => r.Body.Contains(second.Id, StringComparison.Ordinal));
            Assert.True(firstDelivered < secondSent, $"second sent at #{secondSent}, first delivered at #{firstDelivered}");
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task AReceiverThatIsDownLosesNothingEvenWhenTheWebhookGrainIsDeactivatedMeanwhile()
    {
        var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var port = receiver.Port;
        await receiver.StopAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var first = NewNotification(NotificationType.DelayedShipment);
            var second = NewNotification(NotificationType.DelayedShipmentResolved);

            await fixture.PublishAsync(first);
            await fixture.PublishAsync(second);
            var refused = await fixture.WaitForDeliveryAsync(webhookId, first.Id, d => (int?)d["attempts"] >= 1, "a refused attempt");

            // Only the durable reminder can bring back a deactivated grain's retries (its timer dies with it).
            var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
            var grain = (GrainReference)fixture.Cluster.Client.GetGrain<IWebhookGrain>(webhookId);
            await WaitForAsync(async () =>
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                return await management.GetGrainActivationCount(grain) == 0 ? grain : null;
            }, "the webhook grain to be deactivated");
            await receiver.StartAsync(port);
            await receiver.WaitForReceiptAsync(first);
            await receiver.WaitForReceiptAsync(second);

            Assert.Null(refused["last_status_class"]);
            Assert.Equal("no response", (string?)refused["last_error"]);
            Assert.Equal([first.Id, second.Id], receiver.Received.Select(r => (string)JsonNode.Parse(r.Body)!["id"]!));
            Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
            var delivered = await fixture.WaitForStatusAsync(webhookId, first.Id, "delivered");
            Assert.True((int?)delivered["attempts"] >= 2, $"attempts: {delivered["attempts"]}");
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailingIsAbandonedWhenItsRetryWindowEndsAndTheQueueMovesOn()
    {
        await using var receiver = new WebhookReceiver(Secret) { Status = HttpStatusCode.ServiceUnavailable };
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var doomed = NewNotification(NotificationType.LowStock);

            await fixture.PublishAsync(doomed);
            var abandoned = await fixture.WaitForStatusAsync(webhookId, doomed.Id, "abandoned");
            receiver.Status = HttpStatusCode.OK;
            var later = NewNotification(NotificationType.StockRecovered);
            await fixture.PublishAsync(later);
            await fixture.WaitForStatusAsync(webhookId, later.Id, "delivered");

            var enqueuedAt = (DateTimeOffset)abandoned["enqueued_at"]!;
            var abandonedAt = (DateTimeOffset)abandoned["abandoned_at"]!;
            var backoff = fixture.SiloService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.MaxBackoff;
            Assert.InRange(abandonedAt - enqueuedAt, WebhookRetryClusterFixture.RetryWindow - (backoff * 1.2) - TimeSpan.FromSeconds(1), WebhookRetryClusterFixture.RetryWindow + TimeSpan.FromSeconds(5));
            Assert.True((int?)abandoned["attempts"] >= 5, $"attempts: {abandoned["attempts"]}");
            Assert.Equal(receiver.Carrying(doomed).Count, (int?)abandoned["attempts"]);
            Assert.All(receiver.Carrying(doomed), r => Assert.Equal(503, r.AnsweredStatus));
            Assert.Equal("5xx", (string?)abandoned["last_status_class"]);
            Assert.Equal("HTTP 5xx", (string?)abandoned["last_error"]);
            Assert.Null(abandoned["next_attempt_at"]);
            Assert.Null(abandoned["delivered_at"]);
            Assert.Equal(WebhookRules.DeliveryId(webhookId, doomed.Id), (string?)abandoned["id"]);
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task AtThePendingCapTheOldestWaitingDeliveryIsAbandonedAndTheRestStillArriveInOrder()
    {
        await using var receiver = new WebhookReceiver(Secret) { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url);
        try
        {
            var inFlight = NewNotification();
            var waiting = Enumerable.Range(0, 4).Select(_ => NewNotification(NotificationType.StockDiscrepancy)).ToList();

            await fixture.PublishAsync(inFlight);
            await WaitForAsync(() => Task.FromResult(receiver.Held > 0 ? receiver : null), "the first delivery to be in flight");
            foreach (var notification in waiting)
            {
                await fixture.PublishAsync(notification);
            }

            // Cap 3 with one in flight: the two oldest waiting ones made room for the two newest.
            var dropped = await fixture.WaitForStatusAsync(webhookId, waiting[1].Id, "abandoned");
            var droppedFirst = await fixture.WaitForStatusAsync(webhookId, waiting[0].Id, "abandoned");
            receiver.Hold.SetResult();
            await receiver.WaitForReceiptAsync(waiting[3]);

            Assert.Equal($"dropped: {WebhookRetryClusterFixture.MaxPending} deliveries were pending", (string?)dropped["last_error"]);
            Assert.Equal(0, (int?)dropped["attempts"]);
            Assert.Equal(0, (int?)droppedFirst["attempts"]);
            Assert.Equal(
                [inFlight.Id, waiting[2].Id, waiting[3].Id],
                receiver.Received.Where(r => r.AnsweredStatus == 200).Select(r => (string)JsonNode.Parse(r.Body)!["id"]!).Distinct());
        }
        finally
        {
            receiver.Hold.TrySetResult();
            await fixture.DeleteAsync(webhookId);
        }
    }
}
