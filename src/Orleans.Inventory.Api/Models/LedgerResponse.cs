namespace Orleans.Inventory.Api.Models;

/// <summary>A page of a stock record's ledger; pass <see cref="NextAfter"/> as <c>after</c> for the next page.</summary>
public sealed record LedgerResponse(string ProductId, string WarehouseId, IReadOnlyList<LedgerEntryView> Entries, long? NextAfter);
