namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>A silo in the membership table and, for active ones, its runtime statistics.</summary>
public sealed record SiloView(
    string Address,
    string Name,
    string HostName,
    string Status,
    DateTime StartedAt,
    DateTime IAmAliveAt,
    int? Activations,
    float? CpuPercent,
    long? MemoryBytes,
    bool? Overloaded,
    long? Clients);
