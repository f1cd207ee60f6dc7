namespace Orleans.Inventory.Devices.Verification;

/// <summary>What the API answered for one product at one warehouse (null quantities when it did not answer 200).</summary>
internal sealed record ActualRecord(long? Available, long? Reserved, long? Discrepancy, string? Error)
{
    public bool Matches(ExpectedRecord expected) =>
        Error is null && Available == expected.Available && Discrepancy == expected.Discrepancy && Reserved == 0;

    public override string ToString() => Error ?? $"available {Available}, reserved {Reserved}, discrepancy {Discrepancy}";
}
