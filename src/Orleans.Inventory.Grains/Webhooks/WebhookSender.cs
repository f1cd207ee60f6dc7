using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Inventory.Grains.Secrets;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>Makes one signed HTTP attempt of a delivery; any outcome, including a timeout, is a value, never a throw.</summary>
internal sealed class WebhookSender(IHttpClientFactory httpClients, WebhookSecretProtector secrets, TimeProvider clock)
{
    public const string DeliveryHeader = "X-Inventory-Delivery";
    public const string EventHeader = "X-Inventory-Event";
    public const string TimestampHeader = "X-Inventory-Timestamp";
    public const string SignatureHeader = "X-Inventory-Signature";

    /// <summary>The API's conventions (snake_case names and enum values), so a webhook body reads like the API.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Body(Notification notification) => JsonSerializer.Serialize(notification, Json);

    /// <summary>
    /// Makes attempt number <paramref name="attempt"/> inside a <c>webhook.deliver</c> span that continues the
    /// notification's <c>trace_parent</c>: the delivery runs from the webhook grain's timer, outside any caller, and
    /// belongs to the trace of the change that raised the alert.
    /// </summary>
    public async Task<WebhookAttempt> SendAsync(
        WebhookDefinition webhook, string deliveryId, int attempt, Notification notification, CancellationToken cancellationToken)
    {
        using var span = StartDeliverSpan(webhook, deliveryId, attempt, notification);
        var outcome = await AttemptAsync(webhook, deliveryId, notification, cancellationToken);
        if (span is not null)
        {
            span.SetTag("http.response.status_code", outcome.StatusCode);
            if (!outcome.Succeeded)
            {
                span.SetStatus(ActivityStatusCode.Error, outcome.Error);
                span.SetTag("error.type", outcome.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no_response");
            }
        }

        return outcome;
    }

    private static Activity? StartDeliverSpan(WebhookDefinition webhook, string deliveryId, int attempt, Notification notification)
    {
        var span = InventoryTelemetry.ActivitySource.StartActivity("webhook.deliver", ActivityKind.Client, InventoryTracing.Parse(notification.TraceParent));
        if (span is not null)
        {
            // The host and scheme only: a receiver's URL may carry a token in its path or query.
            span.SetTag("http.request.method", "POST");
            span.SetTag("server.address", webhook.Url.Host);
            span.SetTag("server.port", webhook.Url.Port);
            span.SetTag("url.scheme", webhook.Url.Scheme);
            span.SetTag("inventory.webhook.id", webhook.Id);
            span.SetTag("inventory.webhook.delivery_id", deliveryId);
            span.SetTag("inventory.webhook.attempt", attempt);
            span.SetTag("inventory.notification.id", notification.Id);
            span.SetTag("inventory.notification.type", notification.Type.ToWireName());
        }

        return span;
    }

    private async Task<WebhookAttempt> AttemptAsync(WebhookDefinition webhook, string deliveryId, Notification notification, CancellationToken cancellationToken)
    {
        var body = Body(notification);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(DeliveryHeader, deliveryId);
        request.Headers.Add(EventHeader, notification.Type.ToWireName());
        request.Headers.Add(TimestampHeader, timestamp);
        string signature;
        try
        {
            signature = WebhookSignature.Sign(secrets.Unprotect(webhook.Secret), timestamp, body);
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            // Another key ring protected it (silos not sharing Inventory:DataProtection): retried, so a fixed
            // configuration still delivers inside the retry window.
            return new WebhookAttempt(null, "secret unreadable: this silo lacks the key ring that protected it (Inventory:DataProtection)", null, exception.Message);
        }

        request.Headers.Add(SignatureHeader, signature);

        var client = httpClients.CreateClient(WebhookOptions.HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookAttempt(status, null, null)
                : new WebhookAttempt(status, $"HTTP {status / 100}xx", RetryAfter(response.Headers.RetryAfter), $"HTTP {status}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, $"timed out after {client.Timeout.TotalSeconds:0.###} s", null);
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookAddressRefusedException refused)
        {
            return new WebhookAttempt(null, "address refused: not a public address (Inventory:Webhooks:AllowPrivateAddresses)", null, refused.Message);
        }
        catch (HttpRequestException exception)
        {
            // What the network said (refused, reset, name unknown) stays in the log: told to a caller, it would map
            // which addresses and ports answer.
            return new WebhookAttempt(null, "no response", null, exception.HttpRequestError is HttpRequestError.Unknown
                ? exception.Message
                : $"{exception.HttpRequestError}: {exception.Message}");
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };
}
