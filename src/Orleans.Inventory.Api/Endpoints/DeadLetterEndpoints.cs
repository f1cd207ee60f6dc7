using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.DeadLetters;

namespace Orleans.Inventory.Api.Endpoints;

internal static class DeadLetterEndpoints
{
    public const int DefaultLimit = 100;

    public static async Task<IResult> GetRecentAsync(string? limit, IGrainFactory grains)
    {
        var count = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > DeadLetterShards.MaxQueryLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {DeadLetterShards.MaxQueryLimit}");
        }

        return Results.Ok(await grains.GetDeadLettersAsync(count));
    }
}
