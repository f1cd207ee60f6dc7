using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>
/// <c>GET /api/audit</c>: the audit feed in time order, by day (<c>day</c>) or time range (<c>from</c> .. <c>to</c>,
/// default the last 24 hours), optionally one <c>action</c> and one <c>actor</c>, a page at a time (<c>limit</c>,
/// <c>after</c>). Reads only the days of the range, and at most <see cref="AuditOptions.MaxScan"/> rows per call.
/// </summary>
internal static class AuditEndpoints
{
    public static async Task<IResult> GetAsync(
        string? day, string? from, string? to, string? action, string? actor, string? after, string? limit,
        IGrainFactory grains, AuditOptions options, TimeProvider clock)
    {
        var count = options.DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > options.MaxLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {options.MaxLimit}");
        }

        if (Range(day, from, to, clock.GetUtcNow()) is not ({ } start, { } end))
        {
            return Problems.InvalidParameter(day is not null ? "day" : "from",
                day is not null && (from is not null || to is not null) ? "give either day or from/to, not both"
                : "day is a UTC date (2026-02-16); from and to are ISO 8601 times with a zone (2026-02-16T10:00:00Z), from before to");
        }

        if (end - start > TimeSpan.FromDays(options.MaxDays))
        {
            return Problems.InvalidParameter("from", $"the range from {start:O} to {end:O} is longer than {options.MaxDays} days (Inventory:Audit:MaxDays)");
        }

        var cursorTime = start;
        if (after is not null && (!AuditRules.TryParseCursor(after, out cursorTime) || cursorTime < start || cursorTime >= end))
        {
            return Problems.InvalidParameter("after", "is not a cursor of this range; pass the 'next' of the page before, with the same day or from/to");
        }

        var records = new List<AuditRecord>();
        var budget = options.MaxScan;
        for (var dayStart = DayStart(cursorTime); dayStart < end; dayStart = dayStart.AddDays(1))
        {
            if (records.Count == count || budget == 0)
            {
                // The page is full or the read budget spent at a day's end: the next page starts with this day.
                return Results.Ok(new AuditResponse(start, end, records, AuditRules.Cursor(dayStart)));
            }

            var page = await grains.GetGrain<IAuditDayGrain>(AuditRules.DayOf(dayStart)).QueryAsync(new AuditDayQuery(
                Max(start, dayStart), Min(end, dayStart.AddDays(1)), after is not null && DayStart(cursorTime) == dayStart ? after : null,
                action, actor, count - records.Count, budget));
            records.AddRange(page.Records);
            budget -= page.Scanned;
            if (page.Next is not null)
            {
                return Results.Ok(new AuditResponse(start, end, records, page.Next));
            }
        }

        return Results.Ok(new AuditResponse(start, end, records, null));
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End) Range(string? day, string? from, string? to, DateTimeOffset now)
    {
        if (day is not null)
        {
            return from is null && to is null
                && DateTime.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                ? (new DateTimeOffset(date, TimeSpan.Zero), new DateTimeOffset(date, TimeSpan.Zero).AddDays(1))
                : (null, null);
        }

        if (!StockEndpoints.TryParseTime(from, out var start) || !StockEndpoints.TryParseTime(to, out var end))
        {
            return (null, null);
        }

        // Records carry the API's clock; a range ending now includes what was recorded up to this call.
        var rangeEnd = end ?? now.AddTicks(1);
        var rangeStart = start ?? rangeEnd.AddDays(-1);
        return rangeStart < rangeEnd ? (rangeStart, rangeEnd) : (null, null);
    }

    private static DateTimeOffset DayStart(DateTimeOffset time) => new(time.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
