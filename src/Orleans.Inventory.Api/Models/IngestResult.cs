namespace Orleans.Inventory.Api.Models;

/// <summary>What became of one event of a <c>POST /api/events</c> body.</summary>
/// <param name="Outcome"><c>applied</c>, <c>duplicate</c>, <c>superseded</c>, <c>rejected</c>, or <c>failed</c> (storage or
/// cluster trouble: nothing was applied, send the body again; repeats are safe).</param>
/// <param name="Code">The machine code of a rejection or of a superseded explanation.</param>
/// <param name="Reason">Why it was not applied, naming the field at fault.</param>
/// <param name="Sequence">The ledger sequence number of this decision.</param>
/// <param name="Stock">The stock record right after this event.</param>
public sealed record IngestResult(
    int Index,
    string? EventId,
    string? ProductId,
    string? WarehouseId,
    string Outcome,
    string? Code,
    string? Reason,
    long? Sequence,
    StockRecord? Stock);
