namespace Orleans.Inventory.Api.Models;

/// <summary>What became of one re-submitted dead letter.</summary>
public sealed record DeadLetterReplayResult(string LetterId, IngestResult Result);
