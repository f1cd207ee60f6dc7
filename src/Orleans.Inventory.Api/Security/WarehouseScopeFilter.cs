using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Api.Security;

/// <summary>
/// Refuses (403, naming the warehouse) a call whose route or query names a <c>warehouse_id</c> outside the caller's
/// <see cref="WarehouseScope"/>. On every route of the API; routes that touch many warehouses at once
/// (<c>POST /api/events</c>, the live stream, dead-letter replay, a product's stock everywhere) also check or filter
/// by scope themselves.
/// </summary>
internal sealed class WarehouseScopeFilter : IEndpointFilter
{
    public const string Parameter = "warehouse_id";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var named = http.Request.RouteValues.TryGetValue(Parameter, out var routeValue) && routeValue is string fromRoute
            ? fromRoute
            : http.Request.Query[Parameter].ToString() is { Length: > 0 } fromQuery ? fromQuery : null;
        if (named is not null && !WarehouseScope.Of(http.User).Allows(named))
        {
            // The denied-attempt audit (UseInventorySecurity) records this 403 with the reason and the warehouse.
            var note = AuditNote.For(http);
            note.Reason = AuditActions.ForbiddenWarehouse;
            note.Detail = $"warehouse_id={named}";
            return ValueTask.FromResult<object?>(Forbidden(named));
        }

        return next(context);
    }

    /// <summary>A 403 for a call that would act on every warehouse from a token scoped to some.</summary>
    public static IResult MustNameAWarehouse() =>
        Results.Problem(title: "Warehouse outside your scope",
            detail: $"This token may act on some warehouses only: name one with {Parameter}.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["code"] = Events.RejectionCodes.ForbiddenWarehouse, ["parameter"] = Parameter });

    public static IResult Forbidden(string warehouseId) =>
        Results.Problem(title: "Warehouse outside your scope",
            detail: $"{Parameter}: '{warehouseId}' is outside the warehouses this token may act on.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["code"] = Events.RejectionCodes.ForbiddenWarehouse, ["parameter"] = Parameter });
}
