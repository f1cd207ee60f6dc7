using Orleans.Inventory.Audit;

namespace Orleans.Inventory.Api.Models;

/// <summary>A page of the audit feed in time order; pass <see cref="Next"/> as <c>after</c> (same filters) for the next page.</summary>
public sealed record AuditResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AuditRecord> Records, string? Next);
