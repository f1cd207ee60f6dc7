using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Inventory.Api.Telemetry;
using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Api.Audit;

/// <summary>Registers the audit feed of the API.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The audit feed (<see cref="AuditFeed"/>), its options (<c>Inventory:Audit</c>, validated at start), metrics and
    /// the <see cref="AuditWriter"/> that stores it behind the requests.
    /// </summary>
    public static IServiceCollection AddInventoryAudit(this IServiceCollection services)
    {
        const string Section = AuditOptions.SectionName;
        services.AddOptions<AuditOptions>().BindConfiguration(Section)
            .Validate(o => o.QueueCapacity is >= 1 and <= 1_000_000, $"{Section}:QueueCapacity must be 1 to 1,000,000.")
            .Validate(o => o.MaxBatch is >= 1 and <= AuditRules.MaxAppend, $"{Section}:MaxBatch must be 1 to {AuditRules.MaxAppend}.")
            .Validate(o => o.FlushPeriod >= TimeSpan.FromMilliseconds(100), $"{Section}:FlushPeriod must be at least 100 ms.")
            .Validate(o => o.MaxDeniedKeys is >= 1 and <= 1_000_000, $"{Section}:MaxDeniedKeys must be 1 to 1,000,000.")
            .Validate(o => o.WriteAttempts >= 1, $"{Section}:WriteAttempts must be at least 1.")
            .Validate(o => o.MaxLimit is >= 1 and <= AuditRules.MaxScanPerCall && o.DefaultLimit >= 1 && o.DefaultLimit <= o.MaxLimit,
                $"{Section}: MaxLimit must be 1 to {AuditRules.MaxScanPerCall} and DefaultLimit 1 to MaxLimit.")
            .Validate(o => o.MaxScan is >= 1 and <= AuditRules.MaxScanPerCall, $"{Section}:MaxScan must be 1 to {AuditRules.MaxScanPerCall}.")
            .Validate(o => o.MaxDays is >= 1 and <= 366, $"{Section}:MaxDays must be 1 to 366.")
            .ValidateOnStart();
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<AuditFeed>();
        services.AddHostedService<AuditWriter>();
        return services;
    }
}
