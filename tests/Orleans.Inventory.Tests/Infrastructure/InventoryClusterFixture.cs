using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Api;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Client;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Stock;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Warehouses;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// A real in-process Orleans cluster (one silo) with the inventory grains on fault-injectable memory storage, and the
/// HTTP API on a test server in front of it. Subclasses change only configuration. <see cref="Http"/> sends a
/// development admin token (every role, every warehouse); <see cref="CreateClient"/> makes clients with other tokens.
/// </summary>
public class InventoryClusterFixture : IAsyncLifetime
{
    private WebApplication? _api;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Makes tokens the API accepts (signed with the fixture's development key).</summary>
    public DevelopmentTokens Tokens { get; private set; } = null!;

    /// <summary>The settings in force: <see cref="SecuritySettings"/> with <see cref="Settings"/> on top.</summary>
    public IReadOnlyDictionary<string, string?> EffectiveSettings { get; private set; } = null!;

    /// <summary>
    /// What every fixture starts from: a test signing key; no printed token; the rate limiter off and a generous
    /// live-stream cap, because every test of a fixture shares its one admin principal (the security tests turn them
    /// on in their own fixture); and private webhook addresses allowed, because the webhook tests deliver to receivers
    /// on 127.0.0.1 (the address-guard tests turn it off). The caller-envelope key is shared by the silo, the API and
    /// the cluster's client, which signs as a trusted admin tier (<see cref="TrustedSubject"/>) every call a test makes
    /// without an envelope of its own.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> SecuritySettings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Auth:DevelopmentSigningKey"] = "tests-only-development-signing-key-0123456789",
        ["Inventory:Auth:Issuer"] = "orleans-inventory-tests",
        ["Inventory:Auth:Audience"] = "orleans-inventory-api",
        ["Inventory:Auth:PrintDevelopmentToken"] = "false",
        ["Inventory:RateLimits:Enabled"] = "false",
        ["Inventory:LiveStream:MaxConnectionsPerPrincipal"] = "1000",
        ["Inventory:LiveStream:MaxConnections"] = "1000",
        ["Inventory:Webhooks:AllowPrivateAddresses"] = "true",
        ["Inventory:CallerEnvelope:SigningKey"] = "tests-only-caller-envelope-key-0123456789abcdef",
        ["Inventory:Client:Caller:Subject"] = TrustedSubject,
        ["Inventory:Client:Caller:Roles:0"] = "admin",
        ["Inventory:Client:Caller:Warehouses:0"] = "*",
    };

    /// <summary>The trusted tier the cluster's client signs as (recorded <c>client:test-harness</c>).</summary>
    public const string TrustedSubject = "test-harness";

    /// <summary>Settings layered over the defaults, as the <c>Inventory</c> section of appsettings.json would.</summary>
    /// <remarks>
    /// The default cluster checks a ledger's hash chain in parts of 1,000 entries (the least allowed), so a test can
    /// reach the continuation without writing 100,000 entries.
    /// </remarks>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Stock:MaxLedgerVerify"] = "1000",
    };

    /// <summary>Silo configuration a subclass adds after the defaults (e.g. a shorter minimum reminder period).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>What a subclass starts before the cluster (an Event Hubs emulator the silo reads from, say).</summary>
    protected virtual Task BeforeClusterAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeClusterAsync();
        var merged = new Dictionary<string, string?>(SecuritySettings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Settings)
        {
            merged[key] = value;
        }

        IReadOnlyDictionary<string, string?> settings = merged;
        EffectiveSettings = settings;
        Tokens = new DevelopmentTokens(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(InventoryAuthOptions.SectionName).Get<InventoryAuthOptions>()!);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddFaultInjectionMemoryStorage(StorageNames.Inventory);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(InventoryStreams.ProviderName);
            silo.UseInMemoryReminderService();
            silo.Services.AddInventoryGrains();
            silo.Services.AddSingleton<FaultyTables>();
            silo.Services.AddSingleton<RegionCallCounter>();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<RegionCallCounter>());
            silo.Services.AddSingleton<InventoryTableDecorator>(services => services.GetRequiredService<FaultyTables>().Wrap);
            silo.Services.AddSingleton<LogRecorder>();
            silo.Services.AddSingleton<ILoggerProvider>(services => services.GetRequiredService<LogRecorder>());
            ConfigureSilo(silo);
        });
        // Tests publish notifications as grains do, through the client's provider of the same name.
        builder.ConfigureClient(client =>
        {
            client.AddMemoryStreams(InventoryStreams.ProviderName);
            client.Services.AddTrustedCallerEnvelopes();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var api = WebApplication.CreateBuilder();
        api.WebHost.UseTestServer();
        api.Configuration.AddInMemoryCollection(settings);
        api.Services.AddSingleton<IGrainFactory>(Cluster.Client);
        api.Services.AddSingleton(Cluster.Client);
        api.AddServiceDefaults();
        api.Services.AddInventoryApi();
        _api = api.Build();
        _api.UseExceptionHandler();
        _api.UseStatusCodePages();
        _api.MapDefaultEndpoints();
        _api.UseInventorySecurity();
        _api.MapInventoryApi();
        await _api.StartAsync();
        Http = CreateClient(Tokens.CreateAdmin("test-admin"));
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    /// <summary>A client of the test server that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = _api!.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The API host's services (the endpoint data source, say).</summary>
    public IServiceProvider ApiServices => _api!.Services;

    /// <summary>A service from the (only) silo's container, e.g. the ledger store, to inspect what grains wrote.</summary>
    public T SiloService<T>()
        where T : notnull => Cluster.GetSiloServiceProvider().GetRequiredService<T>();

    /// <summary>Registers the key's warehouse (stock grains refuse events for unknown warehouses) and returns the key.</summary>
    public async Task<StockKey> RegisterAsync(StockKey key, string regionId = "test-region")
    {
        await Grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key)
            .PutAsync(new WarehouseInfo(key.WarehouseId, regionId, $"Test {key.WarehouseId}"));
        return key;
    }

    /// <summary>A fresh product at a fresh, registered warehouse.</summary>
    public Task<StockKey> NewKeyAsync(string regionId = "test-region") => RegisterAsync(Events.FreshKey(), regionId);

    /// <summary>The silo's stock table that holds the record (its state, ledger and indexes, and its shard's other records).</summary>
    public FaultyInventoryTable StockTableOf(StockKey key) => (FaultyInventoryTable)SiloService<StockJournal>().TableOf(key);

    /// <summary>Every stock table of the silo (the shards are spread over <see cref="InventoryTablesOptions.StockTableCount"/>).</summary>
    public IReadOnlyList<FaultyInventoryTable> StockTables
    {
        get
        {
            var tables = SiloService<InventoryTables>();
            return [.. Enumerable.Range(0, tables.Options.StockTableCount).Select(i => (FaultyInventoryTable)tables.Committer(tables.Options.StockTableName(i), "stock").Table)];
        }
    }

    /// <summary>The silo's region table (one row per product per region), opened if it was not yet.</summary>
    public FaultyInventoryTable RegionTable => OpenTable(options => options.RegionTable, "region");

    private FaultyInventoryTable OpenTable(Func<InventoryTablesOptions, string> name, string kind)
    {
        var tables = SiloService<InventoryTables>();
        return (FaultyInventoryTable)tables.Committer(name(tables.Options), kind).Table;
    }

    /// <summary>The silo's warnings and errors.</summary>
    public LogRecorder Logs => SiloService<LogRecorder>();

    public StockOptions StockOptions => SiloService<Microsoft.Extensions.Options.IOptions<StockOptions>>().Value;
}

/// <summary>The default configuration (what <c>dotnet run</c> uses).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<InventoryClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// Stock grains that remember only a handful of recent events and write a few per chunk, so that property tests
/// drive them through eviction, the ledger fallbacks and multi-chunk batches all the time; and that hold at most
/// three active reservations.
/// </summary>
public sealed class SmallMemoryClusterFixture : InventoryClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:Stock:RecentEventCapacity"] = "4",
        ["Inventory:Stock:RecentMemoryCapacity"] = "8",
        ["Inventory:Stock:MaxEventsPerWrite"] = "3",
        ["Inventory:Reservations:MaxActivePerRecord"] = "3",
    };
}

[CollectionDefinition(Name)]
public sealed class SmallMemoryClusterCollection : ICollectionFixture<SmallMemoryClusterFixture>
{
    public const string Name = "small-memory cluster";
}
