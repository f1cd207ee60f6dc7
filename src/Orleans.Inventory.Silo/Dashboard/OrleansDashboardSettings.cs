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

    /// <summary>
    /// False (the default): the dashboard is under the admin policy, so it needs a bearer token, which its page cannot
    /// send (put it behind a proxy that adds one). True: anonymous, for the embedded and local profiles (appsettings.json),
    /// whose HTTP host listens on localhost only. docs/security.md lists this.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How often the dashboard samples silo counters (Orleans' default is 1000 ms).</summary>
    public int CounterUpdateIntervalMs { get; set; } = 1000;
}
