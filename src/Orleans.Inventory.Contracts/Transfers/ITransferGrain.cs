using Orleans.Inventory.Security;

namespace Orleans.Inventory.Transfers;

/// <summary>
/// One transfer (key: transfer id) of one or more lines, one per product, from one source warehouse to one destination.
/// Told of each line's shipments and receipts by the stock grains (each report idempotent by the reporting record's
/// ledger sequence; receipts may arrive before shipments and are matched when read), keeps the destination region's
/// in-transit units per line, and sends one <c>delayed_shipment</c> when an expected arrival passes with a line not fully
/// received (durable reminder), closed when every line is received.
/// </summary>
public interface ITransferGrain : IGrainWithStringKey
{
    [CallerCheck]
    Task ShippedAsync(TransferShipment shipment);

    [CallerCheck]
    Task ReceivedAsync(TransferReceipt receipt);

    /// <summary>The transfer with its lines and unmatched reports, or null when no shipment or receipt of it was ever reported.</summary>
    Task<TransferRecord?> GetAsync();
}
