using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Orleans.Inventory host shares: OpenTelemetry (Orleans, ASP.NET Core, HTTP, runtime and our own
/// source and meter), Prometheus scraping on <c>/metrics</c>, OTLP export of metrics, logs and traces when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (traces are collected only then), logs that carry the trace and span ids,
/// and the health endpoints.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Our own ActivitySource and Meter name (<c>Orleans.Inventory</c>); kept here so this project needs no contracts.</summary>
    public const string InventorySourceName = "Orleans.Inventory";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    /// <summary>Adds OpenTelemetry and a liveness check; call first in every host's <c>Program.cs</c>.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Every log line carries the current trace and span ids as a scope (console formatters show scopes when
        // Logging:Console:FormatterOptions:IncludeScopes is true; the JSON formatter writes them as fields), so a
        // line can be found from a trace and a trace from a line. OTLP log export carries them natively.
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(InventorySourceName)
                .AddPrometheusExporter());

        if (otlp)
        {
            // Traces only when they go somewhere: a tracer provider listens to every source it names, so without an
            // exporter each grain call, message and request would still build, tag and drop an Activity (in a CPU
            // profile of the embedded silo under device load: 4% in Activity alone, plus the garbage it leaves).
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource("Microsoft.Orleans.Runtime")
                    .AddSource("Microsoft.Orleans.Application")
                    .AddSource(InventorySourceName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers), <c>/health/ready</c> (every check tagged <c>ready</c> passes; the
    /// body names each check, its status and what failed; 503 when one is unhealthy) and <c>/metrics</c> (Prometheus), all
    /// three anonymous and outside the rate limiter.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Anonymous and never rate limited: orchestrators' probes and scrapers carry no token (docs/security.md).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) })
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous().DisableRateLimiting();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
