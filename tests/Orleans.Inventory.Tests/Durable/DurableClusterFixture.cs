using Azure.Data.Tables;
using Orleans.Hosting;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// An in-process cluster configured like the Local profile (appsettings.Local.json): grain state, pub-sub state and
/// reminders in Azure Table storage and the inventory tables (stock records with their ledgers, regions), all on Azurite, in tables unique to this run.
/// (Membership stays the test cluster's own; the two-process test covers Azure Table clustering.)
/// </summary>
public sealed class DurableClusterFixture : InventoryClusterFixture, IAsyncLifetime
{
    private readonly Azurite _azurite = new();

    public DurableClusterFixture()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Inventory:Tables:ProviderType"] = "AzureTable",
            ["Inventory:Tables:ConnectionString"] = Azurite.ConnectionString,
            ["Inventory:Tables:StockTable"] = StockTableName,
            ["Inventory:Tables:RegionTable"] = _azurite.TableName("Regions"),
        };
    }

    public Azurite Azurite => _azurite;

    /// <summary>Stock records with their ledgers and indexes.</summary>
    public string StockTableName => _azurite.TableName("Stock");

    public string StateTable => _azurite.TableName("State");

    protected override IReadOnlyDictionary<string, string?> Settings { get; }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await _azurite.InitializeAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _azurite.DisposeAsync();
    }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        // Registered after the defaults, so these replace the memory providers and the test ledger.
        silo.AddAzureTableGrainStorage(StorageNames.Inventory, options =>
        {
            options.TableServiceClient = new(Azurite.ConnectionString);
            options.TableName = StateTable;
        });
        silo.AddAzureTableGrainStorage("PubSubStore", options =>
        {
            options.TableServiceClient = new(Azurite.ConnectionString);
            options.TableName = _azurite.TableName("PubSub");
        });
        silo.UseAzureTableReminderService(options =>
        {
            options.TableServiceClient = new(Azurite.ConnectionString);
            options.TableName = _azurite.TableName("Reminders");
        });
    }
}

[CollectionDefinition(Name)]
public sealed class DurableClusterCollection : ICollectionFixture<DurableClusterFixture>
{
    public const string Name = "durable cluster";
}
