using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Events;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Transfers between warehouses, by id and by status.</summary>
internal static class TransferEndpoints
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    private static readonly Dictionary<string, TransferStatus> Statuses = Enum.GetValues<TransferStatus>()
        .ToDictionary(status => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString()), StringComparer.Ordinal);

    public static async Task<IResult> GetAsync(string transferId, IGrainFactory grains)
    {
        if (!IdRules.IsValid(transferId))
        {
            return WarehouseEndpoints.InvalidId("transfer_id", transferId);
        }

        return await grains.GetGrain<ITransferGrain>(transferId).GetAsync() is { } transfer
            ? Results.Ok(transfer)
            : Results.Problem(title: "Transfer not found", detail: $"No shipment or receipt of transfer '{transferId}' was reported.",
                statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> ListAsync(string? status, string? limit, IGrainFactory grains)
    {
        TransferStatus? wanted = null;
        if (status is not null)
        {
            if (!Statuses.TryGetValue(status, out var parsed))
            {
                return Problems.InvalidParameter("status", $"'{status}' must be one of {string.Join(", ", Statuses.Keys)}");
            }

            wanted = parsed;
        }

        var count = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {MaxLimit}");
        }

        var transfers = await grains.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).ListAsync(wanted, count);
        return Results.Ok(new TransferListResponse(transfers));
    }
}
