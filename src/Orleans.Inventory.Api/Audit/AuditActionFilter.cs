using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// Records an administrative route's call in the audit feed once its handler has answered: <c>ok</c> for a 2xx,
/// <c>refused</c> with a reason (the handler's <see cref="AuditNote"/>, the problem's <c>code</c>, else from the status)
/// and the problem's detail for anything else. 401, 403 and 429 are left to the denied-attempt aggregation (<c>UseInventorySecurity</c>).
/// </summary>
internal sealed class AuditActionFilter(string action, Func<HttpContext, string> target) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            Record(http, StatusCodes.Status500InternalServerError, null);
            throw;
        }

        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests))
        {
            Record(http, status, result);
        }

        return result;
    }

    private void Record(HttpContext http, int status, object? result)
    {
        var note = AuditNote.Of(http);
        var reason = status < 400 ? null : note?.Reason ?? CodeOf(result) ?? ReasonOf(status);
        var detail = note?.Detail ?? (result as ProblemHttpResult)?.ProblemDetails.Detail;
        http.RequestServices.GetRequiredService<AuditFeed>().Action(http, note?.Action ?? action, note?.Target ?? target(http), status, reason, detail);
    }

    private static string? CodeOf(object? result) =>
        result is ProblemHttpResult { ProblemDetails.Extensions: var extensions } && extensions.TryGetValue("code", out var code) ? code as string : null;

    private static string ReasonOf(int status) => status switch
    {
        400 or 422 => AuditActions.Invalid,
        404 => AuditActions.NotFound,
        409 => AuditActions.Conflict,
        413 => AuditActions.TooLarge,
        _ => AuditActions.Error,
    };
}
