namespace Orleans.Inventory.Devices.Verification;

/// <summary>The quantities the rules give for one product at one warehouse.</summary>
internal sealed record ExpectedRecord(long Available, long Discrepancy, DateTimeOffset? LastUpdated);
