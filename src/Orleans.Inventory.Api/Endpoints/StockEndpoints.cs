using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Products;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Reads of stock records, their ledgers, and a product across warehouses.</summary>
internal static class StockEndpoints
{
    public static async Task<IResult> GetStockAsync(string warehouseId, string productId, string? asOf, IGrainFactory grains)
    {
        if (CheckKey(warehouseId, productId) is { } invalid)
        {
            return invalid;
        }

        if (!TryParseTime(asOf, out var asOfTime))
        {
            return Problems.InvalidParameter("as_of", $"'{asOf}' is not an ISO 8601 time with a zone, like 2026-02-16T10:00:00Z");
        }

        var grain = grains.GetGrain<IStockGrain>(new StockKey(warehouseId, productId).GrainKey);
        try
        {
            return Results.Ok(asOfTime is { } time ? await grain.GetAsOfAsync(time) : await grain.GetAsync());
        }
        catch (ArgumentException bounded)
        {
            // The grain refuses a future as_of and a history longer than one query may read; the message names the bound.
            return Problems.InvalidParameter("as_of", bounded.Message);
        }
    }

    public static async Task<IResult> VerifyLedgerAsync(string warehouseId, string productId, string? after, string? hash, IGrainFactory grains)
    {
        if (CheckKey(warehouseId, productId) is { } invalid)
        {
            return invalid;
        }

        var afterSequence = 0L;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence))
        {
            return Problems.InvalidParameter("after", $"'{after}' is not a sequence number (a whole number, 0 or more)");
        }

        if (hash is not null && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower)))
        {
            return Problems.InvalidParameter("hash", "must be the 64 lower-case hex digits a previous check answered as its head");
        }

        if (afterSequence > 0 && hash is null)
        {
            return Problems.InvalidParameter("hash", "is required with 'after': the head the check that stopped there answered");
        }

        var key = new StockKey(warehouseId, productId);
        return Results.Ok(await grains.GetGrain<IStockGrain>(key.GrainKey).VerifyLedgerAsync(afterSequence, hash));
    }

    public static async Task<IResult> GetLedgerAsync(
        string warehouseId, string productId, string? from, string? to, string? after, string? limit, IGrainFactory grains)
    {
        if (CheckKey(warehouseId, productId) is { } invalid)
        {
            return invalid;
        }

        if (!TryParseTime(from, out var fromTime))
        {
            return Problems.InvalidParameter("from", $"'{from}' is not an ISO 8601 time with a zone, like 2026-02-16T10:00:00Z");
        }

        if (!TryParseTime(to, out var toTime))
        {
            return Problems.InvalidParameter("to", $"'{to}' is not an ISO 8601 time with a zone, like 2026-02-16T10:00:00Z");
        }

        if (fromTime is not null && toTime is not null && toTime < fromTime)
        {
            return Problems.InvalidParameter("to", "must not be before 'from'");
        }

        var afterSequence = 0L;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence)))
        {
            return Problems.InvalidParameter("after", $"'{after}' is not a sequence number (a whole number, 0 or more)");
        }

        var pageSize = LedgerQuery.DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > LedgerQuery.MaxLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {LedgerQuery.MaxLimit}");
        }

        var key = new StockKey(warehouseId, productId);
        LedgerPage page;
        try
        {
            page = await grains.GetGrain<IStockGrain>(key.GrainKey).GetLedgerAsync(new LedgerQuery(fromTime, toTime, afterSequence, pageSize));
        }
        catch (ArgumentException bounded)
        {
            // An event-time range holding more entries than one query may read; the message names the bound.
            return Problems.InvalidParameter("from", bounded.Message);
        }

        return Results.Ok(new LedgerResponse(productId, warehouseId, [.. page.Entries.Select(LedgerEntryView.From)], page.NextAfter));
    }

    /// <summary>The product at every warehouse that holds it and that <paramref name="scope"/> covers, and their totals.</summary>
    public static async Task<IResult> GetProductStockAsync(string productId, Security.WarehouseScope scope, IGrainFactory grains)
    {
        if (!IdRules.IsValid(productId))
        {
            return InvalidId("product_id", productId);
        }

        var warehouses = (await grains.GetGrain<IProductIndexGrain>(productId).GetWarehousesAsync()).Where(scope.Allows);
        var records = await Task.WhenAll(warehouses.Select(
            warehouseId => grains.GetGrain<IStockGrain>(new StockKey(warehouseId, productId).GrainKey).GetAsync().AsTask()));
        return Results.Ok(new ProductStockResponse(productId, records,
            records.Sum(r => r.AvailableQuantity), records.Sum(r => r.ReservedQuantity),
            records.Sum(r => r.OnHandQuantity), records.Sum(r => r.DiscrepancyQuantity)));
    }

    public static IResult? CheckKey(string warehouseId, string productId) =>
        !IdRules.IsValid(warehouseId) ? InvalidId("warehouse_id", warehouseId)
        : !IdRules.IsValid(productId) ? InvalidId("product_id", productId)
        : null;

    private static IResult InvalidId(string name, string value) =>
        Problems.InvalidParameter(name, $"'{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");

    internal static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }
}
