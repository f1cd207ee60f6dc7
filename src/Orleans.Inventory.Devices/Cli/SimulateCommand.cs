using System.CommandLine;
using System.Globalization;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Devices.Telemetry;

namespace Orleans.Inventory.Devices.Cli;

/// <summary><c>simulate</c>: devices publishing inventory events to Event Hubs, recorded in a sent file.</summary>
internal static class SimulateCommand
{
    /// <summary>The environment variable that carries the Event Hubs connection string (a secret never goes on the command line).</summary>
    public const string ConnectionStringVariable = "INVENTORY_EVENTHUBS_CONNECTION_STRING";

    public const string ConnectionStringFileOption = "--connection-string-file";

    /// <param name="environment">Reads an environment variable (the process environment unless a test says otherwise).</param>
    public static Command Create(Func<string, string?> environment)
    {
        var defaults = new SimulationOptions();
        var connectionFile = new Option<string?>(ConnectionStringFileOption)
        {
            Description = $"A file holding the Event Hubs connection string (else ${ConnectionStringVariable}; neither: the local development emulator on 127.0.0.1:5672)",
        };
        var hub = new Option<string>("--hub") { Description = "Event hub name", DefaultValueFactory = _ => defaults.Hub };
        var events = new Option<long?>("--events") { Description = $"Event copies to send (new + duplicates; default {SimulationOptions.DefaultEvents} unless --duration and --rate say)" };
        var duration = CliOptions.Duration("--duration", "How long to send, with --rate (e.g. 60s, 5m)");
        var rate = new Option<double?>("--rate") { Description = "Events per second (the sender paces itself); unset: as fast as possible" };
        var devices = new Option<int>("--devices") { Description = "Number of devices (rfid-1..N), spread over the warehouses", DefaultValueFactory = _ => defaults.Devices };
        var warehouses = new Option<string>("--warehouses") { Description = "Comma-separated warehouse ids (must be registered at the silo)", DefaultValueFactory = _ => string.Join(',', defaults.Warehouses) };
        var products = new Option<int>("--products") { Description = "Number of products (SKU00001..)", DefaultValueFactory = _ => defaults.Products };
        var skew = new Option<double>("--skew") { Description = "Zipf exponent of product popularity (0 = uniform)", DefaultValueFactory = _ => defaults.Skew };
        var batchSize = new Option<int>("--batch-size") { Description = "Most events in one message (an array for one warehouse)", DefaultValueFactory = _ => defaults.BatchSize };
        var duplicateRate = new Option<double>("--duplicate-rate") { Description = "Share of event copies that re-send an earlier event (same event_id)", DefaultValueFactory = _ => defaults.DuplicateRate };
        var outOfOrderRate = new Option<double>("--out-of-order-rate") { Description = "Share of new events back-dated before one already sent for the product", DefaultValueFactory = _ => defaults.OutOfOrderRate };
        var malformedRate = new Option<double>("--malformed-rate") { Description = "Share of messages carrying one malformed item (a non-JSON body or one bad array element)", DefaultValueFactory = _ => defaults.MalformedRate };
        var countRate = new Option<double>("--count-rate") { Description = "Share of new events that are stock_counted", DefaultValueFactory = _ => defaults.CountRate };
        var seed = new Option<int?>("--seed") { Description = "Random seed (printed; same seed, run id and start time = same run)" };
        var runId = new Option<string?>("--run-id") { Description = "Event id prefix ({run-id}-{n}); default: fresh per run" };
        var startTime = CliOptions.Time("--start-time", "Timestamp of the first event (default: now - 2 min)");
        var output = new Option<string?>("--out") { Description = "The sent file to write (default: sent-{run-id}.jsonl)" };
        var messagesPerSend = new Option<int>("--messages-per-send") { Description = "Most messages of one warehouse per send (one EventDataBatch)", DefaultValueFactory = _ => defaults.MessagesPerSend };
        var senders = new Option<int>("--senders") { Description = "Sends in flight at once", DefaultValueFactory = _ => defaults.Senders };
        var maxRetries = new Option<int>("--max-retries") { Description = "The SDK's retries of a failed send", DefaultValueFactory = _ => defaults.MaxRetries };
        var tokenLifetime = CliOptions.Duration("--token-lifetime", "How long each device's publisher token is valid (default 1h; renewed when a quarter is left)");

        var command = new Command("simulate", "Simulate devices sending inventory events to Event Hubs; writes the sent file for verify")
        {
            connectionFile, hub, events, duration, rate, devices, warehouses, products, skew, batchSize, duplicateRate, outOfOrderRate,
            malformedRate, countRate, seed, runId, startTime, output, messagesPerSend, senders, maxRetries, tokenLifetime,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var chosenSeed = parseResult.GetValue(seed) ?? Random.Shared.Next();
            var chosenRunId = parseResult.GetValue(runId) ?? "r" + Guid.NewGuid().ToString("N")[..8];
            var options = new SimulationOptions
            {
                Hub = parseResult.GetValue(hub)!,
                Events = parseResult.GetValue(events),
                Duration = parseResult.GetValue(duration),
                Rate = parseResult.GetValue(rate),
                Devices = parseResult.GetValue(devices),
                Warehouses = [.. parseResult.GetValue(warehouses)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Products = parseResult.GetValue(products),
                Skew = parseResult.GetValue(skew),
                BatchSize = parseResult.GetValue(batchSize),
                DuplicateRate = parseResult.GetValue(duplicateRate),
                OutOfOrderRate = parseResult.GetValue(outOfOrderRate),
                MalformedRate = parseResult.GetValue(malformedRate),
                CountRate = parseResult.GetValue(countRate),
                Seed = chosenSeed,
                RunId = chosenRunId,
                StartTime = parseResult.GetValue(startTime),
                OutputPath = parseResult.GetValue(output) ?? $"sent-{chosenRunId}.jsonl",
                MessagesPerSend = parseResult.GetValue(messagesPerSend),
                Senders = parseResult.GetValue(senders),
                MaxRetries = parseResult.GetValue(maxRetries),
                TokenLifetime = parseResult.GetValue(tokenLifetime) ?? defaults.TokenLifetime,
            };
            if (options.Validate() is { Count: > 0 } errors)
            {
                return CliOptions.Invalid(parseResult, errors);
            }

            // Only after every option checked out, so a bad option is reported as such whatever the environment holds.
            var connection = ResolveConnection(parseResult.GetValue(connectionFile), environment, options.Hub);
            if (connection.Error is { } connectionError)
            {
                return CliOptions.Invalid(parseResult, [connectionError]);
            }

            options = options with { ConnectionString = connection.Value! };

            var console = parseResult.InvocationConfiguration.Output;
            using var tracing = DevicesTelemetry.StartTracing();
            var simulator = new DeviceSimulator(options, TimeProvider.System);
            await console.WriteLineAsync($"simulate: connection string from {connection.Source}");
            await console.WriteLineAsync(
                $"simulate: seed {options.Seed}, run {options.RunId}, {options.TargetEvents} events to {options.Hub}, file {options.OutputPath}");
            var run = simulator.RunAsync(cancellationToken);
            await ProgressDisplay.ShowAsync(simulator.Progress, run, console);
            var summary = await run;
            await console.WriteLineAsync(summary.ToString());
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"replay: --seed {options.Seed} --run-id {options.RunId} --start-time {simulator.StartTime.UtcDateTime:O}"));
            return summary.FailedSends == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The file, else the variable, else the embedded profile's emulator on 127.0.0.1:5672 with its committed development
    /// key for devices: the default only ever points at this machine's loopback emulator, so it can send nothing anywhere
    /// else. The connection string must hold a policy key (SharedAccessKeyName and SharedAccessKey, Send right): the
    /// simulator signs each device's publisher token with it and sends nothing with the key itself.
    /// </summary>
    internal static ConnectionSecretResult ResolveConnection(string? file, Func<string, string?> environment, string hub = "inventory")
    {
        var resolved = ConnectionSecret.Resolve(file, ConnectionStringFileOption, ConnectionStringVariable, environment, SimulationOptions.EmulatorConnectionString);
        if (resolved.Error is not null)
        {
            return resolved;
        }

        // The message names where the value came from, never the value (it holds the key).
        return PublisherTokens.From(resolved.Value!, hub, resolved.Source, out var error) is null
            ? resolved with { Value = null, Error = error }
            : resolved;
    }
}
