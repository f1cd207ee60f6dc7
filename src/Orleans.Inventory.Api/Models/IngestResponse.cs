namespace Orleans.Inventory.Api.Models;

/// <summary>The answer to <c>POST /api/events</c>: one result per event, in the order sent, and the tallies.</summary>
public sealed record IngestResponse(
    IReadOnlyList<IngestResult> Results,
    int Applied,
    int Duplicate,
    int Superseded,
    int Rejected,
    int Failed);
