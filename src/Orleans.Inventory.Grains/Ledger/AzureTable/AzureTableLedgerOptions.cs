namespace Orleans.Inventory.Grains.Ledger.AzureTable;

/// <summary>
/// Where the Azure Table ledger lives (<c>Inventory:Ledger</c>, used when <c>ProviderType</c> is <c>AzureTable</c>).
/// Give either <see cref="ConnectionString"/> (Azurite: <c>UseDevelopmentStorage=true</c>) or
/// <see cref="ServiceUri"/> (Azure: <c>DefaultAzureCredential</c>, i.e. managed identity), not both.
/// </summary>
public sealed class AzureTableLedgerOptions
{
    public const string SectionName = "Inventory:Ledger";

    /// <summary>A storage connection string; keys or the development storage shortcut.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint, e.g. <c>https://account.table.core.windows.net</c>; signs in with DefaultAzureCredential.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The table that holds every stock record's ledger (one partition per product at warehouse).</summary>
    public string TableName { get; set; } = "InventoryLedger";
}
