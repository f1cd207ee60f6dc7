using System.Diagnostics;
using System.Text;
using Azure.Messaging.EventHubs.Consumer;
using OpenTelemetry.Trace;
using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Devices.Telemetry;
using Orleans.Inventory.Devices.Tests.Infrastructure;

namespace Orleans.Inventory.Devices.Tests;

/// <summary><c>simulate</c> against the in-process emulator, read back with the real consumer client.</summary>
public sealed class SimulateTests : IAsyncLifetime
{
    private readonly string _sentFile = TestRuns.TempFile();
    private InProcessEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await InProcessEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        File.Delete(_sentFile);
    }

    [Fact]
    public async Task EveryPlannedMessageArrivesFromItsDevicesOwnPublisherEndpointKeyedByTheDeviceWithItsJsonBody()
    {
        var options = Options(seed: 31, events: 400);

        var summary = await new DeviceSimulator(options, TimeProvider.System).RunAsync(CancellationToken.None);
        var received = await _emulator.ReadAsync(summary.Messages);

        Assert.Equal(0, summary.FailedSends);
        Assert.Equal(400, summary.EventsSent);
        var planned = TestRuns.Plan(options);
        Assert.Equal(planned.Count, summary.Messages);
        Assert.Equal(
            planned.Select(m => (m.DeviceId, m.DeviceId, m.DeviceId, m.Body)).Order(),
            received.Select(e => (e.Data.PartitionKey, (string)e.Data.SystemProperties[PublisherAnnotation], (string)e.Data.Properties[DeviceSimulator.DeviceIdProperty],
                Encoding.UTF8.GetString(e.Data.EventBody.ToArray()))).Order());
        Assert.All(received, e => Assert.Equal("application/json", e.Data.ContentType));
        Assert.All(received.GroupBy(e => e.Data.PartitionKey), device => Assert.Single(device.Select(e => e.Partition.PartitionId).Distinct()));
        Assert.True(received.Select(e => e.Partition.PartitionId).Distinct().Count() > 1, "the devices' keys spread over the partitions");
    }

    [Fact]
    public async Task AConnectionStringWithoutAPolicyKeyCannotMintDeviceTokensAndIsRefusedNamingItsSource()
    {
        var token = "SharedAccessSignature sr=sb%3a%2f%2f127.0.0.1%2finventory&sig=abc&se=9999999999&skn=devices";
        var resolved = Cli.SimulateCommand.ResolveConnection(
            null, name => name == Cli.SimulateCommand.ConnectionStringVariable ? $"Endpoint=sb://127.0.0.1:1;SharedAccessSignature={token}" : null);

        Assert.Null(resolved.Value);
        Assert.StartsWith($"${Cli.SimulateCommand.ConnectionStringVariable}: needs SharedAccessKeyName and SharedAccessKey", resolved.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", resolved.Error, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ADevicesTokenIsRenewedBeforeItExpiresSoALongRunGoesOn()
    {
        // The emulator and the simulator share a clock that the test moves: two minutes of sending with one-minute
        // tokens, so every send after the first minute fails unless its device came back with a fresh token.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var started = time.GetUtcNow();
        await using var emulator = await InProcessEmulator.StartAsync(time);
        var options = Options(seed: 35, events: 120) with
        {
            ConnectionString = emulator.DevicesConnectionString, TokenLifetime = TimeSpan.FromMinutes(1), Rate = 1, MessagesPerSend = 1, BatchSize = 1,
        };
        var run = new DeviceSimulator(options, time).RunAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(InProcessEmulator.Deadline);
        while (!run.IsCompleted && !deadline.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(20));
        }

        var summary = await run;
        Assert.True(time.GetUtcNow() - started > TimeSpan.FromMinutes(1.5), $"the run outlived its first tokens (it took {time.GetUtcNow() - started} on the shared clock)");
        Assert.Equal(0, summary.FailedSends);
        Assert.Equal(120, summary.EventsSent);
    }

    [Fact]
    public async Task TheSentFileRecordsEveryItemOfTheRunAsConfirmed()
    {
        var options = Options(seed: 32, events: 300);

        var summary = await new DeviceSimulator(options, TimeProvider.System).RunAsync(CancellationToken.None);
        var run = await SentFileReader.ReadAsync(_sentFile);

        Assert.Equal(options.RunId, run.Header.RunId);
        Assert.Equal(options.Seed, run.Header.Seed);
        Assert.Equal(summary.EventsSent, run.Events.Count);
        Assert.Equal(summary.Duplicates, run.Events.Count(e => e.Duplicate));
        Assert.Equal(summary.MalformedItems, run.Malformed.Count);
        Assert.All(run.Events, e => Assert.True(e.Confirmed));
    }

    [Fact]
    public async Task EachEventCarriesADiagnosticIdInTheTraceOfTheDeviceSendActivityThatSentIt()
    {
        var exported = new List<Activity>();
        var options = Options(seed: 33, events: 120) with { MessagesPerSend = 4 };
        SimulationSummary summary;
        using (DevicesTelemetry.StartTracing(tracing => tracing.AddInMemoryExporter(exported)))
        {
            summary = await new DeviceSimulator(options, TimeProvider.System).RunAsync(CancellationToken.None);
        }

        var received = await _emulator.ReadAsync(summary.Messages);
        var run = await SentFileReader.ReadAsync(_sentFile);
        var sends = exported.Where(a => a.Source.Name == DevicesTelemetry.SourceName && a.OperationName == DevicesTelemetry.SendActivityName).ToList();

        Assert.All(sends, send => Assert.Equal(ActivityKind.Producer, send.Kind));
        Assert.Contains(exported, a => a.Source.Name.StartsWith("Azure.Messaging.EventHubs", StringComparison.Ordinal));
        Assert.True(sends.Count > 1, "one device.send activity per send");
        var traceOfMessage = run.Events.Select(e => (e.Message, e.TraceId)).Concat(run.Malformed.Select(m => (m.Message, m.TraceId)))
            .Where(pair => pair.TraceId is not null).DistinctBy(pair => pair.Message).ToDictionary(pair => pair.Message, pair => pair.TraceId!);
        var messagesByBody = TestRuns.Plan(options).ToDictionary(m => m.Body, m => m.Number);
        foreach (var partitionEvent in received)
        {
            var diagnosticId = Assert.IsType<string>(partitionEvent.Data.Properties["Diagnostic-Id"]);
            Assert.Equal(diagnosticId, partitionEvent.Data.Properties["traceparent"]);
            Assert.True(ActivityContext.TryParse(diagnosticId, null, out var context), $"'{diagnosticId}' is W3C traceparent");
            var message = messagesByBody[Encoding.UTF8.GetString(partitionEvent.Data.EventBody.ToArray())];
            var send = Assert.Single(sends, s => s.TraceId == context.TraceId);
            Assert.Equal(traceOfMessage[message], send.TraceId.ToHexString());
            Assert.Equal(partitionEvent.Data.PartitionKey, send.GetTagItem("inventory.device_id"));
        }
    }

    [Fact]
    public async Task ASendThatFinallyFailsIsCountedAndItsEventsAreWrittenAsUnconfirmed()
    {
        var options = Options(seed: 34, events: 40) with { MaxRetries = 0 };
        await _emulator.Server.StopAsync();

        var summary = await new DeviceSimulator(options, TimeProvider.System).RunAsync(CancellationToken.None);
        var run = await SentFileReader.ReadAsync(_sentFile);

        Assert.True(summary.FailedSends > 0);
        Assert.Equal(0, summary.EventsSent);
        Assert.Equal(TestRuns.Plan(options).Count, summary.UnconfirmedMessages);
        Assert.Equal(40, run.Events.Count);
        Assert.All(run.Events, e => Assert.False(e.Confirmed));
    }

    private const string PublisherAnnotation = "x-opt-publisher";

    private SimulationOptions Options(int seed, int events) => TestRuns.Options(seed, runId: $"sim{seed}") with
    {
        ConnectionString = _emulator.DevicesConnectionString,
        Hub = InProcessEmulator.Hub,
        Events = events,
        StartTime = DateTimeOffset.UtcNow.AddMinutes(-1),
        OutputPath = _sentFile,
        MaxRetries = 1,
    };
}
