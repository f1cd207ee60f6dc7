using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Secrets;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>
/// The webhook registry, and the notification stream's fan-out to webhooks: its key is the stream's key, so the
/// implicit subscription activates this grain. Each notification is queued at every matching webhook's grain in
/// parallel; queuing only stores it there (delivery runs on that grain's timer), so a slow or dead receiver never
/// holds up the stream or the other webhooks.
/// </summary>
[ImplicitStreamSubscription(InventoryStreams.NotificationNamespace)]
internal sealed partial class WebhookRegistryGrain(
    [PersistentState("webhooks", StorageNames.Inventory)] IPersistentState<WebhookRegistryState> registry,
    IOptions<WebhookOptions> options,
    WebhookAddressGuard addressGuard,
    WebhookSecretProtector secrets,
    TimeProvider clock,
    SystemCaller systemCaller,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain, IStreamSubscriptionObserver, IAsyncObserver<Notification>
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State written before secrets were protected holds them in plain text: protect them once, here.
        var plain = registry.State.Webhooks.Count(w => !WebhookSecretProtector.IsProtected(w.Secret));
        if (plain > 0)
        {
            registry.State.Webhooks = [.. registry.State.Webhooks.Select(w => w with { Secret = secrets.Protected(w.Secret) })];
            await registry.WriteStateAsync(cancellationToken);
            LogSecretsProtected(plain);
        }
    }

    public async Task<WebhookRegistration> CreateAsync(WebhookRequest request)
    {
        if (registry.State.Webhooks.Count >= options.Value.MaxWebhooks)
        {
            return new WebhookRegistration(null, $"{options.Value.MaxWebhooks} webhooks are registered, the most allowed; delete one first");
        }

        if (await addressGuard.CheckAsync(request.Url, CancellationToken.None) is { } refusal)
        {
            LogAddressRefused(request.Url.Host, refusal);
            return new WebhookRegistration(null, refusal, "url");
        }

        var definition = new WebhookDefinition(WebhookRules.NewWebhookId(), request.Url, request.NotificationTypes, secrets.Protect(request.Secret), clock.GetUtcNow());

        // The webhook's grain knows where to deliver before the registry starts sending to it; if storing the
        // registry then fails, that grain is configured but never fed, which is harmless.
        await GrainFactory.GetGrain<IWebhookGrain>(definition.Id).ConfigureAsync(definition);
        registry.State.Webhooks.Add(definition);
        try
        {
            await registry.WriteStateAsync();
        }
        catch
        {
            registry.State.Webhooks.Remove(definition);
            throw;
        }

        LogCreated(definition.Id, definition.Url);
        return new WebhookRegistration(definition.ToInfo(), null);
    }

    public Task<IReadOnlyList<WebhookInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookInfo>>([.. registry.State.Webhooks.Select(w => w.ToInfo())]);

    public Task<WebhookInfo?> GetAsync(string webhookId) =>
        Task.FromResult(registry.State.Webhooks.Find(w => w.Id == webhookId)?.ToInfo());

    public async Task<bool> DeleteAsync(string webhookId)
    {
        var index = registry.State.Webhooks.FindIndex(w => w.Id == webhookId);
        if (index < 0)
        {
            return false;
        }

        var removed = registry.State.Webhooks[index];
        registry.State.Webhooks.RemoveAt(index);
        try
        {
            await registry.WriteStateAsync();
        }
        catch
        {
            registry.State.Webhooks.Insert(index, removed);
            throw;
        }

        await GrainFactory.GetGrain<IWebhookGrain>(webhookId).RemoveAsync();
        LogDeleted(webhookId);
        return true;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<Notification>().ResumeAsync(this);

    public async Task OnNextAsync(Notification item, StreamSequenceToken? token = null)
    {
        var targets = registry.State.Webhooks.Where(w => w.Wants(item.Type)).ToList();
        // Fanned out from the notification stream, as the silo: queuing a delivery is for the system role only.
        systemCaller.Use("system:webhooks", CallerContext.System);
        try
        {
            await Task.WhenAll(targets.Select(w => GrainFactory.GetGrain<IWebhookGrain>(w.Id).EnqueueAsync(item)));
        }
        catch (Exception exception)
        {
            // Thrown back to the stream so it delivers again; webhooks that queued it already skip the repeat (same
            // delivery id).
            LogFanOutFailed(item.Id, exception);
            throw;
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(ex);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Webhook {WebhookId} registered for {Url}")]
    private partial void LogCreated(string webhookId, Uri url);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Webhook registration for host {Host} refused: {Refusal}")]
    private partial void LogAddressRefused(string host, string refusal);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Protected {Count} webhook secrets stored in plain text by an earlier version")]
    private partial void LogSecretsProtected(int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Webhook {WebhookId} deleted")]
    private partial void LogDeleted(string webhookId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Queuing notification {NotificationId} at the webhooks failed")]
    private partial void LogFanOutFailed(string notificationId, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The notification stream reported an error to the webhook registry")]
    private partial void LogStreamError(Exception exception);
}
