using Microsoft.AspNetCore.Http;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Problem-details answers (RFC 9457) with a title and a detail that says what to fix.</summary>
internal static class Problems
{
    public static IResult BadRequest(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult TooLarge(string detail) =>
        Results.Problem(title: "Request too large", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>A 409 carrying the resource as it stands, so the caller sees why without another request.</summary>
    public static IResult Conflict(string title, string detail, object current) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["current"] = current });

    public static IResult Unavailable(string detail) =>
        Results.Problem(title: "Temporarily unavailable", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>A 400 naming a route or query parameter that is out of form.</summary>
    public static IResult InvalidParameter(string name, string message) =>
        Results.Problem(title: "Invalid parameter", detail: $"{name}: {message}", statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["parameter"] = name });
}
