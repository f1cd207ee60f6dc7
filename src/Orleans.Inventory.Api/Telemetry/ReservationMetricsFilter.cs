using Microsoft.AspNetCore.Http;

namespace Orleans.Inventory.Api.Telemetry;

/// <summary>Counts each reservation request by operation and the status it was answered with.</summary>
internal sealed class ReservationMetricsFilter(ApiMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var operation = request.Method switch
        {
            "POST" when request.Path.Value?.EndsWith("/commit", StringComparison.Ordinal) == true => "commit",
            "POST" => "reserve",
            "DELETE" => "release",
            _ => null,
        };
        try
        {
            var result = await next(context);
            if (operation is not null)
            {
                metrics.ReservationAnswered(operation, result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK);
            }

            return result;
        }
        catch (Exception) when (operation is not null && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            metrics.ReservationAnswered(operation, StatusCodes.Status500InternalServerError);
            throw;
        }
    }
}
