using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// <c>GET /api/stream</c>: server-sent events of stock changes and notifications. Each message has an <c>id:</c>
/// (per API process), an <c>event:</c> (<c>stock_changed</c> or the notification type) and one line of JSON
/// <c>data:</c>. A client that reconnects with <c>Last-Event-ID</c> gets what it missed from the kept window, or
/// first a <c>reset</c> event when part of it is gone; one that falls too far behind gets a <c>dropped</c> event and
/// the stream ends.
/// </summary>
internal static class LiveStreamEndpoint
{
    public const string ResetEvent = "reset";

    public const string DroppedEvent = "dropped";

    /// <summary>Flush at least this often while writing a long backlog, so the client sees progress.</summary>
    private const int ItemsPerFlush = 256;

    private static readonly JsonSerializerOptions Json = CreateJson();

    public static async Task<IResult> HandleAsync(
        HttpContext context, LiveUpdateHub hub, LiveStreamAdmission admission, IOptions<LiveStreamOptions> options, TimeProvider clock)
    {
        var query = context.Request.Query;
        string? warehouseId = query["warehouse_id"], regionId = query["region_id"], productId = query["product_id"];
        foreach (var (name, value) in new[] { ("warehouse_id", warehouseId), ("region_id", regionId), ("product_id", productId) })
        {
            if (value is not null && !IdRules.IsValid(value))
            {
                return Problems.InvalidParameter(name, $"'{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");
            }
        }

        // Browsers' EventSource sends the header on reconnect; the query parameter is for clients that cannot set it.
        var (lastIdName, lastIdText) = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? ("Last-Event-ID", header)
            : ("last_event_id", query["last_event_id"].ToString());
        long? lastEventId = null;
        if (lastIdText.Length > 0)
        {
            if (!long.TryParse(lastIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.InvalidParameter(lastIdName, $"'{lastIdText}' is not an event id (a whole number, 0 or more)");
            }

            lastEventId = parsed;
        }

        var principal = Security.InventorySecurityExtensions.PrincipalKey(context);
        if (admission.TryEnter(principal) is { } refusal)
        {
            context.Response.Headers.RetryAfter = "10";
            return refusal;
        }

        var aborted = context.RequestAborted;
        try
        {
            await hub.WaitConnectedAsync(aborted);
            var scope = Security.WarehouseScope.Of(context.User);
            using var subscription = hub.Subscribe(new LiveFilter(warehouseId, regionId, productId, scope.IsAll ? null : scope), lastEventId);
            await StreamAsync(context, subscription, options.Value, clock, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            admission.Leave(principal);
        }

        return Results.Empty;
    }

    private static async Task StreamAsync(HttpContext context, LiveSubscription subscription, LiveStreamOptions options, TimeProvider clock, CancellationToken aborted)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var output = response.BodyWriter;

        Write(output, $"retry: {(long)options.RetryInterval.TotalMilliseconds}\n: connected\n\n");
        if (subscription.Reset is { } reset)
        {
            WriteEvent(output, null, ResetEvent, JsonSerializer.SerializeToUtf8Bytes(reset, Json));
        }

        var lastSent = subscription.Reset?.ResumesFromId - 1 ?? 0;
        for (var i = 0; i < subscription.Backlog.Count; i++)
        {
            WriteEvent(output, subscription.Backlog[i].Id, subscription.Backlog[i].EventName, subscription.Backlog[i].Data);
            lastSent = subscription.Backlog[i].Id;
            if ((i + 1) % ItemsPerFlush == 0)
            {
                await output.FlushAsync(aborted);
            }
        }

        await output.FlushAsync(aborted);

        var items = subscription.Items;
        while (true)
        {
            bool more;
            using (var quiet = new CancellationTokenSource(options.HeartbeatInterval, clock))
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, quiet.Token))
            {
                try
                {
                    more = await items.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    Write(output, ": heartbeat\n\n");
                    await output.FlushAsync(aborted);
                    continue;
                }
            }

            if (!more)
            {
                break;
            }

            var written = 0;
            while (written < ItemsPerFlush && items.TryRead(out var item))
            {
                WriteEvent(output, item.Id, item.EventName, item.Data);
                lastSent = item.Id;
                written++;
            }

            await output.FlushAsync(aborted);
        }

        if (subscription.DropReason is { } reason)
        {
            WriteEvent(output, null, DroppedEvent, JsonSerializer.SerializeToUtf8Bytes(new { Reason = reason, LastEventId = lastSent }, Json));
            await output.FlushAsync(aborted);
        }
    }

    private static void WriteEvent(PipeWriter output, long? id, string eventName, byte[] data)
    {
        var head = id is { } value ? $"id: {value.ToString(CultureInfo.InvariantCulture)}\nevent: {eventName}\ndata: " : $"event: {eventName}\ndata: ";
        Write(output, head);
        output.Write(data);
        Write(output, "\n\n");
    }

    private static void Write(PipeWriter output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(json);
        return json;
    }
}
