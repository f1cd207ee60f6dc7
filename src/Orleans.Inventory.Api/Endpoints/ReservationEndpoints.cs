using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Events;
using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Reservations for client apps: create (idempotent by reservation id), release, commit, read.</summary>
internal static class ReservationEndpoints
{
    public static async Task<IResult> CreateAsync(string warehouseId, string productId, HttpRequest request, IGrainFactory grains)
    {
        if (StockEndpoints.CheckKey(warehouseId, productId) is { } invalidKey)
        {
            return invalidKey;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body);
        }
        catch (JsonException exception)
        {
            return Problems.BadRequest("Body is not valid JSON", $"The body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            if (Read(document.RootElement) is not { } reservation)
            {
                return Problems.BadRequest("Invalid reservation", Explain(document.RootElement));
            }

            var grain = grains.GetGrain<IStockGrain>(new StockKey(warehouseId, productId).GrainKey);
            var result = await grain.ReserveAsync(reservation);
            var view = ReservationView.From(result);
            return result.State switch
            {
                ReservationState.Active => Results.Created(
                    $"/api/stock/{warehouseId}/{productId}/reservations/{reservation.ReservationId}", view),
                ReservationState.Refused when result.Code == RejectionCodes.UnknownWarehouse =>
                    Problems.NotFound("Unknown warehouse", result.Reason ?? $"warehouse '{warehouseId}' is not registered"),
                _ => Problems.Conflict($"Reservation {ApiJson.Name(result.State)}", result.Reason ?? $"reservation '{reservation.ReservationId}' is {ApiJson.Name(result.State)}", view),
            };
        }
    }

    public static async Task<IResult> ReleaseAsync(string warehouseId, string productId, string reservationId, IGrainFactory grains) =>
        await ActAsync(warehouseId, productId, reservationId, grains, grain => grain.ReleaseReservationAsync(reservationId), ReservationState.Released, ReservationState.Expired);

    public static async Task<IResult> CommitAsync(string warehouseId, string productId, string reservationId, IGrainFactory grains) =>
        await ActAsync(warehouseId, productId, reservationId, grains, grain => grain.CommitReservationAsync(reservationId), ReservationState.Committed);

    public static async Task<IResult> GetAsync(string warehouseId, string productId, string reservationId, IGrainFactory grains) =>
        await ActAsync(warehouseId, productId, reservationId, grains, grain => grain.GetReservationAsync(reservationId),
            ReservationState.Active, ReservationState.Released, ReservationState.Expired, ReservationState.Committed);

    private static async Task<IResult> ActAsync(
        string warehouseId, string productId, string reservationId, IGrainFactory grains,
        Func<IStockGrain, Task<ReservationResult>> act, params ReservationState[] success)
    {
        if (StockEndpoints.CheckKey(warehouseId, productId) is { } invalidKey)
        {
            return invalidKey;
        }

        if (!IdRules.IsValid(reservationId))
        {
            return Problems.InvalidParameter("reservation_id", $"'{reservationId}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");
        }

        var result = await act(grains.GetGrain<IStockGrain>(new StockKey(warehouseId, productId).GrainKey));
        var view = ReservationView.From(result);
        if (success.Contains(result.State))
        {
            return Results.Ok(view);
        }

        return result.State == ReservationState.NotFound
            ? Problems.NotFound("Reservation not found", result.Reason ?? $"no reservation '{reservationId}' at {warehouseId} for {productId}")
            : Problems.Conflict($"Reservation is {ApiJson.Name(result.State)}", result.Reason ?? $"reservation '{reservationId}' is {ApiJson.Name(result.State)}", view);
    }

    private static ReservationRequest? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("reservation_id", out var id) || id.ValueKind != JsonValueKind.String || !IdRules.IsValid(id.GetString()!)
            || !body.TryGetProperty("quantity", out var quantity) || !quantity.TryGetInt64(out var units) || units < 1)
        {
            return null;
        }

        int? ttl = null;
        if (body.TryGetProperty("ttl_seconds", out var ttlValue) && ttlValue.ValueKind != JsonValueKind.Null)
        {
            if (!ttlValue.TryGetInt32(out var seconds) || seconds < 1)
            {
                return null;
            }

            ttl = seconds;
        }

        return new ReservationRequest(id.GetString()!, units, ttl);
    }

    /// <summary>Names the first field that keeps <see cref="Read"/> from accepting the body.</summary>
    private static string Explain(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "The body must be a JSON object with reservation_id, quantity and optionally ttl_seconds.";
        }

        if (!body.TryGetProperty("reservation_id", out var id) || id.ValueKind != JsonValueKind.String || !IdRules.IsValid(id.GetString()!))
        {
            return $"reservation_id: required, 1 to {IdRules.MaxLength} of {IdRules.Alphabet}";
        }

        if (!body.TryGetProperty("quantity", out var quantity) || !quantity.TryGetInt64(out var units) || units < 1)
        {
            return "quantity: required, a whole number of at least 1";
        }

        return "ttl_seconds: must be a whole number of seconds, at least 1";
    }
}
