using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Secrets;
using Orleans.Inventory.Grains.Webhooks;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Webhooks;
using Orleans.Storage;
using static Orleans.Inventory.Tests.Webhooks.WebhookTestKit;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>
/// Webhook secrets at rest: grain state holds them protected with Data Protection, never as given; the API never
/// shows them; deliveries are still signed with the secret itself; plain-text secrets stored by earlier versions are
/// protected on first read; a secret from another key ring is not used.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookSecretTests(InventoryClusterFixture fixture)
{
    private const string PlainSecret = WebhookTestKit.Secret;

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Inventory);

    private async Task<WebhookState> StoredQueueAsync(string webhookId)
    {
        var state = new GrainState<WebhookState>(new WebhookState());
        await Storage.ReadStateAsync("webhook", fixture.Grains.GetGrain<IWebhookGrain>(webhookId).GetGrainId(), state);
        return state.State!;
    }

    private async Task<WebhookRegistryState> StoredRegistryAsync()
    {
        var state = new GrainState<WebhookRegistryState>(new WebhookRegistryState());
        await Storage.ReadStateAsync("webhooks", fixture.Grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).GetGrainId(), state);
        return state.State!;
    }

    private Task WriteQueueAsync(string webhookId, WebhookState queue) =>
        Storage.WriteStateAsync("webhook", fixture.Grains.GetGrain<IWebhookGrain>(webhookId).GetGrainId(), new GrainState<WebhookState>(queue));

    [Fact]
    public async Task TheStoredSecretIsProtectedAndNeitherItNorThePlainSecretIsEverAnswered()
    {
        using var created = await fixture.Http.PostAsync("/api/webhooks", new StringContent(
            $$"""{"url":"https://hooks.example.com/secret-test","secret":"{{PlainSecret}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var createdText = await created.Content.ReadAsStringAsync();
        var id = (string)JsonNode.Parse(createdText)!["id"]!;
        try
        {
            var inRegistry = Assert.Single((await StoredRegistryAsync()).Webhooks, w => w.Id == id).Secret;
            var inQueue = (await StoredQueueAsync(id)).Definition!.Secret;
            var answers = createdText + await fixture.Http.GetStringAsync($"/api/webhooks/{id}") + await fixture.Http.GetStringAsync("/api/webhooks");

            foreach (var stored in new[] { inRegistry, inQueue })
            {
                Assert.DoesNotContain(PlainSecret, stored, StringComparison.Ordinal);
                Assert.StartsWith(WebhookSecretProtector.Prefix, stored, StringComparison.Ordinal);
                Assert.Equal(PlainSecret, fixture.SiloService<WebhookSecretProtector>().Unprotect(stored));
                Assert.DoesNotContain(stored[WebhookSecretProtector.Prefix.Length..], answers, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(PlainSecret, answers, StringComparison.Ordinal);
            Assert.DoesNotContain("\"secret\"", answers, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DeleteAsync(id);
        }
    }

    [Fact]
    public async Task APlainTextSecretStoredByAnEarlierVersionIsProtectedOnFirstReadAndStillSigns()
    {
        await using var receiver = new WebhookReceiver(PlainSecret);
        await receiver.StartAsync();
        var id = WebhookRules.NewWebhookId();
        await WriteQueueAsync(id, new WebhookState
        {
            Definition = new WebhookDefinition(id, receiver.Url, [], PlainSecret, DateTimeOffset.UtcNow),
        });
        var notification = NewNotification(NotificationType.LowStock);
        try
        {
            await fixture.Grains.GetGrain<IWebhookGrain>(id).EnqueueAsync(notification);
            await receiver.WaitForReceiptAsync(notification);

            var received = Assert.Single(receiver.Carrying(notification));
            Assert.True(received.SignatureValid, $"signature {received.Signature} did not verify with the plain secret");
            var stored = (await StoredQueueAsync(id)).Definition!.Secret;
            Assert.StartsWith(WebhookSecretProtector.Prefix, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(PlainSecret, stored, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Grains.GetGrain<IWebhookGrain>(id).RemoveAsync();
        }
    }

    [Fact]
    public async Task ASecretProtectedWithAnotherKeyRingIsNotUsedAndTheDeliverySaysWhy()
    {
        await using var receiver = new WebhookReceiver(PlainSecret);
        await receiver.StartAsync();
        var id = WebhookRules.NewWebhookId();
        var foreign = WebhookSecretProtector.Prefix
            + new EphemeralDataProtectionProvider().CreateProtector(WebhookSecretProtector.Purpose).Protect(PlainSecret);
        await WriteQueueAsync(id, new WebhookState
        {
            Definition = new WebhookDefinition(id, receiver.Url, [], foreign, DateTimeOffset.UtcNow),
        });
        var notification = NewNotification(NotificationType.LowStock);
        var grain = fixture.Grains.GetGrain<IWebhookGrain>(id);
        try
        {
            await grain.EnqueueAsync(notification);
            var failed = await WaitForAsync(async () => (await grain.GetDeliveriesAsync(10)).FirstOrDefault(d => d.Attempts >= 1),
                "the first attempt of the delivery");

            Assert.StartsWith("secret unreadable", failed.LastError, StringComparison.Ordinal);
            Assert.Equal(WebhookDeliveryStatus.Pending, failed.Status);
            Assert.Empty(receiver.Received);
        }
        finally
        {
            await grain.RemoveAsync();
        }
    }
}
