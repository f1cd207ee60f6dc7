using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>
/// <c>POST /api/events</c>: reads one event or an array, dead-letters the invalid ones, sends the valid ones to their
/// stock grains (one call per product at warehouse, all in parallel) and answers per event. An event for a warehouse
/// outside the caller's <see cref="WarehouseScope"/> is rejected as <c>forbidden_warehouse</c> (not dead-lettered: a
/// replay would apply it under the replaying operator's rights); its siblings still apply. An event for a warehouse
/// nobody registered is rejected as <c>unknown_warehouse</c> and dead-lettered here, before any grain call
/// (<see cref="WarehouseDirectory"/>).
/// </summary>
/// <remarks>
/// If a grain call fails (storage down, silo lost), the answer is 503 with every event's result; the failed ones say
/// <c>failed</c>. Sending the whole body again is safe: what was applied answers <c>duplicate</c>.
/// </remarks>
internal sealed partial class EventIngestion(
    IGrainFactory grains,
    IOptions<InventoryApiOptions> apiOptions,
    IOptions<EventValidationOptions> validationOptions,
    TimeProvider clock,
    WarningGate warnings,
    AuditFeed audit,
    WarehouseDirectory warehouses,
    ILogger<EventIngestion> logger)
{
    /// <summary>The outcome of an event whose grain call failed: nothing was applied, send it again.</summary>
    public const string Failed = "failed";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = apiOptions.Value;
        var body = await ReadBodyAsync(request, limits.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge($"The body is larger than {limits.MaxBodyBytes} bytes; send fewer events per request.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return Problems.BadRequest("Body is not valid JSON", $"The body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return Problems.BadRequest("Body is not an event", "The body must be one event object or an array of event objects.");
            }

            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 0)
            {
                return Problems.BadRequest("Empty batch", "The array holds no events.");
            }

            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > limits.MaxBatchSize)
            {
                return Problems.TooLarge($"The batch holds {root.GetArrayLength()} events; at most {limits.MaxBatchSize} are accepted per request.");
            }

            var parsed = InventoryEventParser.ParseBatch(root, clock.GetUtcNow(), validationOptions.Value);
            var scope = WarehouseScope.Of(request.HttpContext.User);
            if (!scope.IsAll)
            {
                // Refused per event inside a 200: counted in the audit feed's denied attempts, per warehouse named.
                foreach (var forbidden in parsed.Where(p => p.WarehouseId is not null && !scope.Allows(p.WarehouseId)).GroupBy(p => p.WarehouseId))
                {
                    audit.Denied(request.HttpContext, AuditActions.ForbiddenWarehouse, 0, $"warehouse_id={forbidden.Key}", forbidden.Count());
                }
            }

            return await IngestAsync(parsed, scope);
        }
    }

    private async Task<IResult> IngestAsync(IReadOnlyList<ParsedEvent> all, WarehouseScope scope)
    {
        using var activity = InventoryTelemetry.ActivitySource.StartActivity("inventory.ingest");
        activity?.SetTag("inventory.events", all.Count);

        var results = new IngestResult?[all.Count];
        IReadOnlyList<ParsedEvent> parsed = await warehouses.RefuseUnknownAsync(
            scope.IsAll ? all : [.. all.Where(p => p.WarehouseId is null || scope.Allows(p.WarehouseId))]);
        foreach (var p in all.Where(p => p.WarehouseId is not null && !scope.Allows(p.WarehouseId)))
        {
            results[p.Index] = new IngestResult(p.Index, p.EventId, p.ProductId, p.WarehouseId, ApiJson.Name(EventOutcome.Rejected),
                RejectionCodes.ForbiddenWarehouse, WarehouseScope.ForbiddenReason(p.WarehouseId!), null, null);
        }

        var invalid = parsed.Where(p => p.Rejection is not null).ToList();
        foreach (var p in invalid)
        {
            results[p.Index] = new IngestResult(p.Index, p.EventId, p.ProductId, p.WarehouseId, ApiJson.Name(EventOutcome.Rejected),
                p.Rejection!.Code, p.Rejection.Reason, null, null);
        }

        var deadLettering = invalid.Count == 0 ? Task.CompletedTask : grains.AddDeadLettersAsync(invalid.Select(ToDeadLetter));
        await ApplyValidAsync(parsed, results);

        try
        {
            await deadLettering;
        }
        catch (Exception exception)
        {
            if (warnings.ShouldLog(2002, out var suppressed))
            {
                LogDeadLetterFailed(invalid.Count, suppressed, exception);
            }

            return Problems.Unavailable("The rejected events could not be recorded as dead letters; send the body again (repeats are safe).");
        }

        var response = Tally(results!);
        activity?.SetTag("inventory.rejected", response.Rejected);
        return response.Failed > 0
            ? Results.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(response);
    }

    /// <summary>Sends the valid events to their stock grains, one call per product at warehouse, all in parallel.</summary>
    /// <param name="results">Filled at each event's <see cref="ParsedEvent.Index"/>.</param>
    public Task ApplyValidAsync(IReadOnlyList<ParsedEvent> parsed, IngestResult?[] results) =>
        Task.WhenAll(parsed.Where(p => p.Event is not null).GroupBy(p => p.Event!.Key).Select(group => ApplyGroupAsync([.. group], results)));

    public static IngestResponse Tally(IReadOnlyList<IngestResult> results)
    {
        int Count(string outcome) => results.Count(r => r.Outcome == outcome);
        return new IngestResponse(results,
            Count(ApiJson.Name(EventOutcome.Applied)), Count(ApiJson.Name(EventOutcome.Duplicate)),
            Count(ApiJson.Name(EventOutcome.Superseded)), Count(ApiJson.Name(EventOutcome.Rejected)), Count(Failed));
    }

    private async Task ApplyGroupAsync(IReadOnlyList<ParsedEvent> group, IngestResult?[] results)
    {
        var key = group[0].Event!.Key;
        try
        {
            var outcomes = await grains.GetGrain<IStockGrain>(key.GrainKey).ApplyAsync([.. group.Select(p => p.Event!)]);
            for (var i = 0; i < group.Count; i++)
            {
                var (p, outcome) = (group[i], outcomes[i]);
                results[p.Index] = new IngestResult(p.Index, outcome.EventId, key.ProductId, key.WarehouseId, ApiJson.Name(outcome.Outcome),
                    outcome.Why?.Code, outcome.Why?.Reason, outcome.Sequence, outcome.Stock);
            }
        }
        catch (Exception exception)
        {
            if (warnings.ShouldLog(2001, out var suppressed))
            {
                LogApplyFailed(key.WarehouseId, key.ProductId, group.Count, suppressed, exception);
            }

            foreach (var p in group)
            {
                results[p.Index] = new IngestResult(p.Index, p.EventId, key.ProductId, key.WarehouseId, Failed, "unavailable",
                    "the stock record could not be updated; nothing was applied; send the event again", null, null);
            }
        }
    }

    /// <summary>The same refused content gets the same letter id, so a sender retrying a bad event adds one letter.</summary>
    private DeadLetter ToDeadLetter(ParsedEvent p)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Raw))[..12]);
        var rejection = p.Rejection!;
        return new DeadLetter($"api:{digest}:{rejection.Code}", clock.GetUtcNow(), rejection.Code, rejection.Field,
            rejection.Reason, "api", DeadLetter.CutPayload(p.Raw), p.EventId, p.ProductId, p.WarehouseId);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error,
        Message = "Applying {Count} events to stock {WarehouseId}/{ProductId} failed; answered as failed, to be sent again ({Suppressed} more such failures since the last such line)")]
    private partial void LogApplyFailed(string warehouseId, string productId, int count, long suppressed, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Recording {Count} dead letters failed ({Suppressed} more such failures since the last such line)")]
    private partial void LogDeadLetterFailed(int count, long suppressed, Exception exception);
}
