using Orleans.Dashboard;

namespace Orleans.Inventory.Silo.Dashboard;

public static class OrleansDashboardExtensions
{
    /// <summary>Adds the Orleans Dashboard's silo side when <c>Inventory:OrleansDashboard:Enabled</c> is true.</summary>
    public static ISiloBuilder AddInventoryOrleansDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = Read(configuration);
        if (settings.Enabled)
        {
            silo.AddDashboard(options => options.CounterUpdateIntervalMs = settings.CounterUpdateIntervalMs);
        }

        return silo;
    }

    /// <summary>
    /// Mounts the Orleans Dashboard at <c>Inventory:OrleansDashboard:RoutePrefix</c> (<c>/orleans</c>) when enabled, under
    /// the admin policy unless <see cref="OrleansDashboardSettings.AllowAnonymous"/>.
    /// </summary>
    public static WebApplication MapInventoryOrleansDashboard(this WebApplication app)
    {
        var settings = Read(app.Configuration);
        if (settings.Enabled)
        {
            var dashboard = app.MapOrleansDashboard(routePrefix: settings.RoutePrefix);
            if (settings.AllowAnonymous)
            {
                dashboard.AllowAnonymous();
            }
            else
            {
                dashboard.RequireAuthorization(Api.Security.InventoryPolicies.Admin);
            }
        }

        return app;
    }

    private static OrleansDashboardSettings Read(IConfiguration configuration) =>
        configuration.GetSection(OrleansDashboardSettings.SectionName).Get<OrleansDashboardSettings>() ?? new();
}
