using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orleans.Inventory.Devices.Telemetry;

/// <summary>
/// The simulator's tracing. The Event Hubs SDK stamps <c>Diagnostic-Id</c> (and, with ActivitySource support on,
/// <c>traceparent</c>) on an EventData only when an <see cref="Activity"/> is current while the event is instrumented
/// (added to a batch or sent): its own <c>EventHubs.Message</c> activity if someone listens to it, otherwise
/// <see cref="Activity.Current"/>. Our <c>device.send</c> activity exists only when a listener (the tracer provider
/// built here) subscribes to <see cref="SourceName"/>, so the provider must be running for the property to appear.
/// </summary>
internal static class DevicesTelemetry
{
    public const string SourceName = "Orleans.Inventory.Devices";
    public const string SendActivityName = "device.send";
    public const string EventHubsSources = "Azure.Messaging.EventHubs.*";

    /// <summary>Azure.Core's switch that publishes SDK spans on ActivitySources (else only on DiagnosticListeners).</summary>
    public const string ActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// Sets <see cref="ActivitySourceSwitch"/>. Azure.Core reads it once per process, at its first diagnostic scope,
    /// so this runs before any Event Hubs client is created (the csproj sets it in runtimeconfig.json as well).
    /// </summary>
    public static void EnableSdkActivitySources() => AppContext.SetSwitch(ActivitySourceSwitch, true);

    /// <summary>
    /// Starts tracing for this process: our source and the Event Hubs SDK's, exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Call before the first Event Hubs client is created: Azure.Core reads
    /// the switch once.
    /// </summary>
    public static TracerProvider StartTracing(Action<TracerProviderBuilder>? configure = null)
    {
        EnableSdkActivitySources();
        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(SourceName))
            .AddSource(SourceName)
            .AddSource(EventHubsSources);
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            builder.AddOtlpExporter();
        }

        configure?.Invoke(builder);
        return builder.Build();
    }
}
