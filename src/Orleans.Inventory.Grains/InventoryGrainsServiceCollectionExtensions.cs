using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Audit;
using Orleans.Inventory.Grains.DeadLetters;
using Orleans.Inventory.Grains.Security;
using Orleans.Inventory.Grains.Stock;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Grains.Telemetry;
using Orleans.Inventory.Security;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Grains;

public static class InventoryGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the inventory grains need on a silo: options (validated at start), the inventory tables named by
    /// <c>Inventory:Tables</c> (stock records with their ledgers, region totals, the audit feed), metrics and the clock,
    /// and the caller check: the <c>Inventory:CallerEnvelope</c> key, the call filter that verifies envelopes before
    /// every <see cref="CallerCheckAttribute"/> method, and the <see cref="SystemCaller"/> the silo's own components sign with.
    /// </summary>
    public static IServiceCollection AddInventoryGrains(this IServiceCollection services)
    {
        services.AddCallerEnvelopes();
        services.TryAddSingleton<SystemCaller>();
        if (!services.Any(s => s.ServiceType == typeof(CallerEnvelopeFilter)))
        {
            services.AddSingleton<CallerEnvelopeFilter>();
            services.AddSingleton<IIncomingGrainCallFilter>(provider => provider.GetRequiredService<CallerEnvelopeFilter>());
        }

        services.AddOptions<StockOptions>().BindConfiguration(StockOptions.SectionName)
            .Validate(o => o.LatenessHorizon >= TimeSpan.FromHours(24), $"{StockOptions.SectionName}:LatenessHorizon must be at least 24 hours.")
            .Validate(o => o.RecentEventCapacity is >= 1 and <= 2048, $"{StockOptions.SectionName}:RecentEventCapacity must be 1 to 2048 (grain state stays under 64 KiB).")
            .Validate(o => o.RecentMemoryCapacity >= o.RecentEventCapacity && o.RecentMemoryCapacity <= 65_536,
                $"{StockOptions.SectionName}:RecentMemoryCapacity must be at least RecentEventCapacity and at most 65,536.")
            .Validate(o => o.MaxEventsPerWrite is >= 1 and <= StockJournal.MaxEntriesPerCommit,
                $"{StockOptions.SectionName}:MaxEventsPerWrite must be 1 to {StockJournal.MaxEntriesPerCommit} (what one ledger chunk row holds).")
            .Validate(o => o.ShardsPerWarehouse is >= 1 and <= 999, $"{StockOptions.SectionName}:ShardsPerWarehouse must be 1 to 999.")
            .Validate(o => o.MaxLedgerScan is >= 100 and <= 1_000_000, $"{StockOptions.SectionName}:MaxLedgerScan must be 100 to 1,000,000.")
            .Validate(o => o.MaxLedgerVerify is >= 1_000 and <= 10_000_000, $"{StockOptions.SectionName}:MaxLedgerVerify must be 1,000 to 10,000,000.")
            .Validate(o => o.DerivedBacklogWarning is >= 1 and <= StockGrain.MaxPendingDerived,
                $"{StockOptions.SectionName}:DerivedBacklogWarning must be 1 to {StockGrain.MaxPendingDerived} (the bound on derived work waiting).")
            .Validate(o => o.DerivedRetryPeriod >= TimeSpan.FromSeconds(1), $"{StockOptions.SectionName}:DerivedRetryPeriod must be at least a second (Orleans' reminder minimum applies too).")
            .ValidateOnStart();
        services.AddOptions<ReservationOptions>().BindConfiguration(ReservationOptions.SectionName)
            .Validate(o => o.DefaultTtl > TimeSpan.Zero, $"{ReservationOptions.SectionName}:DefaultTtl must be positive.")
            .Validate(o => o.MaxActivePerRecord is >= 1 and <= 1_000_000, $"{ReservationOptions.SectionName}:MaxActivePerRecord must be 1 to 1,000,000 (each is held in the activation's memory).")
            .Validate(o => o.ClosedMemory is >= 1 and <= 1000, $"{ReservationOptions.SectionName}:ClosedMemory must be 1 to 1000.")
            .Validate(o => o.ExpirySweepPeriod > TimeSpan.Zero, $"{ReservationOptions.SectionName}:ExpirySweepPeriod must be positive.")
            .ValidateOnStart();
        services.AddEventValidationOptions();
        services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.SectionName)
            .Validate(o => o.CapacityPerShard is >= 1 and <= 1000, $"{DeadLetterOptions.SectionName}:CapacityPerShard must be 1 to 1000.")
            .ValidateOnStart();
        services.AddNotificationHistory();
        services.AddOptions<InventoryTablesOptions>().BindConfiguration(InventoryTablesOptions.SectionName)
            .Validate(o => o.ProviderType is "Memory" or "AzureTable", $"{InventoryTablesOptions.SectionName}:ProviderType must be Memory or AzureTable.")
            .Validate(o => o.ProviderType == "Memory" || string.IsNullOrWhiteSpace(o.ConnectionString) != (o.ServiceUri is null),
                $"{InventoryTablesOptions.SectionName}: with AzureTable give either ConnectionString (Azurite: UseDevelopmentStorage=true) or ServiceUri (Azure, DefaultAzureCredential), not both.")
            .Validate(o => o.StockTableCount is >= 1 and <= 100, $"{InventoryTablesOptions.SectionName}:{nameof(InventoryTablesOptions.StockTableCount)} must be 1 to 100.")
            .ValidateOnStart();
        services.TryAddSingleton<StorageMetrics>();
        services.TryAddSingleton(services => new WarningGate(services.GetRequiredKeyedService<TimeProvider>(InventoryClock.Key)));
        services.TryAddSingleton<InventoryTables>();

        services.TryAddSingleton<StockJournal>();
        services.TryAddSingleton(provider => new AuditStore(
            provider.GetRequiredService<InventoryTables>().Committer(provider.GetRequiredService<IOptions<InventoryTablesOptions>>().Value.AuditTable, "audit"),
            provider.GetRequiredService<StorageMetrics>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(InventoryClock.Key, (services, _) => services.GetRequiredService<TimeProvider>());
        services.AddInventoryWebhooks();
        services.AddMetrics();
        services.TryAddSingleton<InventoryMetrics>();
        services.AddRegionsAndTransfers();
        return services;
    }

    /// <summary>Binds <see cref="EventValidationOptions"/> from <c>Inventory:Events</c>, validated at start.</summary>
    public static IServiceCollection AddEventValidationOptions(this IServiceCollection services)
    {
        services.AddOptions<EventValidationOptions>().BindConfiguration(EventValidationOptions.SectionName)
            .Validate(o => o.MaxQuantity >= 1, $"{EventValidationOptions.SectionName}:MaxQuantity must be at least 1.")
            .Validate(o => o.MaxClockSkew >= TimeSpan.Zero, $"{EventValidationOptions.SectionName}:MaxClockSkew must not be negative.")
            .Validate(o => o.MaxTextLength >= 1, $"{EventValidationOptions.SectionName}:MaxTextLength must be at least 1.")
            .ValidateOnStart();
        return services;
    }
}
