using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Api.Models;

/// <summary>Transfers (of one status, when asked), most recently changed first.</summary>
public sealed record TransferListResponse(IReadOnlyList<TransferRecord> Transfers);
