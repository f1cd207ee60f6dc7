namespace Orleans.Inventory.Silo.Dashboard;

/// <summary>
/// <c>Inventory:OrleansDashboard</c>: Microsoft.Orleans.Dashboard (grains, silos, calls, reminders) for SREs. Off
/// unless a profile turns it on: the embedded and local profiles do (appsettings.json); an Azure profile leaves it off,
/// or puts it behind authentication, because it shows every grain type and method and lets anyone read them.
/// </summary>
public sealed class OrleansDashboardSettings
{
    public const string SectionName = "Inventory:OrleansDashboard";

    public bool Enabled { get; set; }

    /// <summary>Where the dashboard is mounted on the HTTP host.</summary>
    public string RoutePrefix { get; set; } = "/orleans";

    /// <summary>How often the dashboard samples silo counters (Orleans' default is 1000 ms).</summary>
    public int CounterUpdateIntervalMs { get; set; } = 1000;
}
