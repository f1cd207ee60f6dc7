using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Orleans.Inventory.Api;

public static class OperatorDashboardExtensions
{
    /// <summary>
    /// Serves the operator dashboard at <c>/</c>: plain files under this project's <c>wwwroot/</c> (copied next to the
    /// host's binary; no build step; the chart library is a committed file), reading the HTTP API and its live stream.
    /// </summary>
    public static IApplicationBuilder MapOperatorDashboard(this IApplicationBuilder app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidate every time: a new build's page and scripts are picked up without a hard reload.
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy =
                        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'";
                    headers.XFrameOptions = "DENY";
                }
            },
        });
        return app;
    }
}
