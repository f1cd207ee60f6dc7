using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>Makes one signed HTTP attempt of a delivery; any outcome, including a timeout, is a value, never a throw.</summary>
internal sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider clock)
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

    public async Task<WebhookAttempt> SendAsync(WebhookDefinition webhook, string deliveryId, Notification notification, CancellationToken cancellationToken)
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
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, body));

        var client = httpClients.CreateClient(WebhookOptions.HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookAttempt(status, null, null)
                : new WebhookAttempt(status, $"HTTP {status}", RetryAfter(response.Headers.RetryAfter));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, $"timed out after {client.Timeout.TotalSeconds:0.###} s", null);
        }
        catch (HttpRequestException exception)
        {
            return new WebhookAttempt(null, exception.HttpRequestError is HttpRequestError.Unknown
                ? exception.Message
                : $"{exception.HttpRequestError}: {exception.Message}", null);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };
}
