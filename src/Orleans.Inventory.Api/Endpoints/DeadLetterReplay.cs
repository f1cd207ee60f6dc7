using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>
/// <c>POST /api/dead-letters/replay</c>: re-submits kept dead letters (all, or those matching <c>code</c>,
/// <c>warehouse_id</c>, <c>product_id</c>) through the same path as new events, once their cause is fixed.
/// </summary>
/// <remarks>
/// Idempotent: an event that was applied by an earlier replay answers <c>duplicate</c>. A letter whose event reached
/// its grain is removed (if it was refused again, the grain has recorded a fresh letter with today's reason); a
/// letter that still does not parse, or whose grain call failed, stays.
/// </remarks>
internal sealed class DeadLetterReplay(
    IGrainFactory grains,
    EventIngestion ingestion,
    WarehouseDirectory warehouses,
    IOptions<EventValidationOptions> validationOptions,
    CallerEnvelopeSigner signer,
    TimeProvider clock)
{
    public async Task<IResult> HandleAsync(string? code, string? warehouseId, string? productId, AuditNote? note = null)
    {
        var kept = await grains.GetDeadLettersAsync(DeadLetterShards.MaxQueryLimit);
        var letters = kept.Items
            .Where(letter => (code is null || letter.Code == code)
                && (warehouseId is null || letter.WarehouseId == warehouseId)
                && (productId is null || letter.ProductId == productId))
            .ToList();

        var now = clock.GetUtcNow();
        // A letter whose warehouse is still unregistered stays, refused again at the edge (no grain call).
        var parsed = await warehouses.RefuseUnknownAsync([.. letters.Select((letter, index) => Parse(letter, index, now))]);
        var results = new IngestResult?[letters.Count];
        foreach (var p in parsed.Where(p => p.Rejection is not null))
        {
            results[p.Index] = new IngestResult(p.Index, p.EventId, p.ProductId, p.WarehouseId, ApiJson.Name(EventOutcome.Rejected),
                p.Rejection!.Code, p.Rejection.Reason, null, null);
        }

        // Recorded as replayed by the operator who asked: the request's envelope (the security middleware signed it)
        // signed again with the replay channel.
        if (signer.Verify(CallerContext.CurrentEnvelope(), now).Envelope is { } caller)
        {
            CallerContext.UseEnvelope(signer.Sign(caller with { Channel = CallerContext.Replay, IssuedAt = now, ExpiresAt = now + signer.Lifetime }));
        }
        await ingestion.ApplyValidAsync(parsed, results);

        var resolved = letters.Where((_, i) => parsed[i].Event is not null && results[i]!.Outcome != EventIngestion.Failed).Select(l => l.Id).ToList();
        await grains.RemoveDeadLettersAsync(resolved);
        note?.Detail = $"matched={letters.Count}, resolved={resolved.Count}";
        return Results.Ok(new DeadLetterReplayResponse(letters.Count, resolved.Count,
            [.. letters.Select((letter, i) => new DeadLetterReplayResult(letter.Id, results[i]!))], EventIngestion.Tally(results!)));
    }

    private ParsedEvent Parse(DeadLetter letter, int index, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(letter.Payload);
            return InventoryEventParser.Parse(document.RootElement, index, now, validationOptions.Value);
        }
        catch (JsonException exception)
        {
            return new ParsedEvent(index, null, new EventRejection(RejectionCodes.InvalidValue, null, $"payload is not valid JSON: {exception.Message}"),
                letter.Payload, letter.EventId, letter.ProductId, letter.WarehouseId);
        }
    }
}
