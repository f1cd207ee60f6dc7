using System.Diagnostics;

namespace Orleans.Inventory;

/// <summary>Names of the project's own OpenTelemetry sources and meter, wired once in the service defaults.</summary>
public static class InventoryTelemetry
{
    public const string Name = "Orleans.Inventory";

    /// <summary>The project's activity source: one span per stock-grain batch, per API ingest, per stream batch.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);
}
