namespace Orleans.Inventory.DeadLetters;

/// <summary>A refused event kept for an operator: why, where it came from, and what was sent.</summary>
/// <param name="Id">Stable id: the same refusal recorded twice keeps one record.</param>
/// <param name="Source">Where it entered: <c>api</c>, or the stream partition and offset.</param>
/// <param name="Payload">The event's JSON as received (cut to <see cref="MaxPayloadLength"/> characters).</param>
/// <param name="Principal">Who sent it (<c>user:{subject}</c>, <c>device:{id}</c>), for the per-principal quota; null when unknown.</param>
[GenerateSerializer, Immutable, Alias("inventory.dead-letter.v1")]
public sealed record DeadLetter(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset RecordedAt,
    [property: Id(2)] string Code,
    [property: Id(3)] string? Field,
    [property: Id(4)] string Reason,
    [property: Id(5)] string Source,
    [property: Id(6)] string Payload,
    [property: Id(7)] string? EventId,
    [property: Id(8)] string? ProductId,
    [property: Id(9)] string? WarehouseId,
    [property: Id(10)] string? Principal = null)
{
    /// <summary>The quota key of letters whose sender is not known (stored before principals were recorded, or unidentified).</summary>
    public const string UnknownPrincipal = "unknown";

    public const int MaxPayloadLength = 4096;

    public static string CutPayload(string payload) =>
        payload.Length <= MaxPayloadLength ? payload : string.Concat(payload.AsSpan(0, MaxPayloadLength - 3), "...");
}
