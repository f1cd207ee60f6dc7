namespace Orleans.Inventory.Transfers;

/// <summary>
/// One transfer (key: transfer id). Told of shipment and receipt by the stock grains (each idempotent; a receipt
/// may arrive before the shipment), keeps the destination region's in-transit total, and sends one
/// <c>delayed_shipment</c> when the expected arrival passes without a receipt (durable reminder), closed by a late receipt.
/// </summary>
public interface ITransferGrain : IGrainWithStringKey
{
    Task ShippedAsync(TransferShipment shipment);

    Task ReceivedAsync(TransferReceipt receipt);

    /// <summary>The transfer, or null when neither its shipment nor its receipt was ever reported.</summary>
    Task<TransferRecord?> GetAsync();
}
