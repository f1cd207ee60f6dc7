namespace Orleans.Inventory.Devices.Verification;

/// <summary>One product at one warehouse whose stock differs from the model.</summary>
internal sealed record Mismatch(StockKey Key, ExpectedRecord Expected, ActualRecord Actual)
{
    public override string ToString() =>
        $"mismatch {Key.WarehouseId}/{Key.ProductId}: expected available {Expected.Available}, reserved 0, discrepancy {Expected.Discrepancy}; actual {Actual}";
}
