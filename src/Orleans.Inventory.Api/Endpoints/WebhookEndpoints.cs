using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Registering, listing and removing webhooks, and listing a webhook's deliveries.</summary>
internal static class WebhookEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;

    public const int DefaultDeliveryLimit = 100;

    public const int MaxDeliveryLimit = 1000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);

    public static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge($"A webhook registration is at most {MaxBodyBytes} bytes.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, DocumentOptions, cancellationToken);
        }
        catch (JsonException exception)
        {
            return Problems.BadRequest("Body is not valid JSON", $"The body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            if (Parse(document.RootElement, out var webhook) is { } invalid)
            {
                return invalid;
            }

            var registration = await Registry(grains).CreateAsync(webhook!);
            if (registration is { Webhook: null, RefusedField: { } field })
            {
                return InvalidField(field, registration.Refusal!);
            }

            if (registration.Webhook is not { } created)
            {
                return Results.Problem(title: "Too many webhooks", detail: registration.Refusal, statusCode: StatusCodes.Status409Conflict);
            }

            // The host only: a URL's path or query may carry a token of the receiver's.
            var note = AuditNote.For(request.HttpContext);
            note.Target = created.Id;
            note.Detail = $"url host={created.Url.Authority}, notification_types={(created.NotificationTypes.Count == 0 ? "all" : string.Join(' ', created.NotificationTypes))}";
            return Results.Created($"/api/webhooks/{created.Id}", created);
        }
    }

    public static async Task<IResult> ListAsync(IGrainFactory grains) => Results.Ok(await Registry(grains).ListAsync());

    public static async Task<IResult> GetAsync(string id, IGrainFactory grains) =>
        WebhookRules.IsWebhookId(id) && await Registry(grains).GetAsync(id) is { } webhook ? Results.Ok(webhook) : NotFound(id);

    public static async Task<IResult> DeleteAsync(string id, IGrainFactory grains) =>
        WebhookRules.IsWebhookId(id) && await Registry(grains).DeleteAsync(id) ? Results.NoContent() : NotFound(id);

    public static async Task<IResult> GetDeliveriesAsync(string id, string? limit, IGrainFactory grains)
    {
        var count = DefaultDeliveryLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxDeliveryLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {MaxDeliveryLimit}");
        }

        if (!WebhookRules.IsWebhookId(id) || await Registry(grains).GetAsync(id) is null)
        {
            return NotFound(id);
        }

        var deliveries = await grains.GetGrain<IWebhookGrain>(id).GetDeliveriesAsync(count);
        return Results.Ok(new WebhookDeliveriesResponse(id, [.. deliveries.Select(WebhookDeliveryView.Of)]));
    }

    /// <summary>Reads a registration body; on a problem answers a 400 that names the field.</summary>
    private static IResult? Parse(JsonElement root, out WebhookRequest? webhook)
    {
        webhook = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Problems.BadRequest("Body is not a webhook", "The body must be a JSON object with url, secret and optionally notification_types.");
        }

        if (!root.TryGetProperty("url", out var urlElement) || urlElement.ValueKind == JsonValueKind.Null)
        {
            return InvalidField("url", "is required: the absolute http or https URL to POST notifications to");
        }

        if (urlElement.ValueKind != JsonValueKind.String)
        {
            return InvalidField("url", "must be a string");
        }

        if (WebhookRules.CheckUrl(urlElement.GetString()!, out var url) is { } badUrl)
        {
            return InvalidField("url", badUrl);
        }

        var types = new List<NotificationType>();
        if (root.TryGetProperty("notification_types", out var typesElement) && typesElement.ValueKind != JsonValueKind.Null)
        {
            if (typesElement.ValueKind != JsonValueKind.Array)
            {
                return InvalidField("notification_types", "must be an array of notification type names (empty or absent means all)");
            }

            var index = 0;
            foreach (var element in typesElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String || !NotificationTypes.TryParse(element.GetString()!, out var type))
                {
                    return InvalidField($"notification_types[{index}]",
                        $"{element.GetRawText()} is not a notification type; use one of {string.Join(", ", NotificationTypes.WireNames)}");
                }

                if (!types.Contains(type))
                {
                    types.Add(type);
                }

                index++;
            }
        }

        if (!root.TryGetProperty("secret", out var secretElement) || secretElement.ValueKind == JsonValueKind.Null)
        {
            return InvalidField("secret", $"is required: {WebhookRules.MinSecretLength} to {WebhookRules.MaxSecretLength} characters, the key deliveries are signed with");
        }

        if (secretElement.ValueKind != JsonValueKind.String)
        {
            return InvalidField("secret", "must be a string");
        }

        var secret = secretElement.GetString()!;
        if (WebhookRules.CheckSecret(secret) is { } badSecret)
        {
            return InvalidField("secret", badSecret);
        }

        webhook = new WebhookRequest(url!, types, secret);
        return null;
    }

    private static IResult InvalidField(string field, string message) =>
        Results.Problem(title: "Invalid webhook", detail: $"{field}: {message}", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    private static IResult NotFound(string id) =>
        Results.Problem(title: "Webhook not found", detail: $"No webhook '{id}' is registered.", statusCode: StatusCodes.Status404NotFound);
}
