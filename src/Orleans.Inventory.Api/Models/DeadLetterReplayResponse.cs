namespace Orleans.Inventory.Api.Models;

/// <summary>The answer to a dead-letter replay: how many letters matched, how many were resolved, and each result.</summary>
public sealed record DeadLetterReplayResponse(
    int Matched,
    int Resolved,
    IReadOnlyList<DeadLetterReplayResult> Letters,
    IngestResponse Summary);
