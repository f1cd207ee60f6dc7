using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Api.Models;

/// <summary>A reservation as the API shows it.</summary>
public sealed record ReservationView(
    string ReservationId,
    string State,
    long Quantity,
    DateTimeOffset? ExpiresAt,
    string? Code,
    string? Reason,
    StockRecord Stock)
{
    public static ReservationView From(ReservationResult result) =>
        new(result.ReservationId, ApiJson.Name(result.State), result.Quantity, result.ExpiresAt, result.Code, result.Reason, result.Stock);
}
