namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>
/// <c>GET /api/system</c>: the cluster's silos (from membership, so every silo) and this process's instruments of the
/// <c>Orleans.Inventory</c> meter (<see cref="Scope"/> says so), for the dashboard's system panel.
/// </summary>
public sealed record SystemSummary(
    DateTimeOffset GeneratedAt,
    string Scope,
    IReadOnlyList<SiloView> Silos,
    string? SilosError,
    LiveView Live,
    IReadOnlyList<InstrumentReading> Instruments);
