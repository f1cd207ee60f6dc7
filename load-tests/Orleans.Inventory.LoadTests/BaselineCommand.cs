using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;

namespace Orleans.Inventory.LoadTests;

/// <summary>The command line: options, their defaults (full and <c>--quick</c>), and the hand-off to the runner.</summary>
internal static class BaselineCommand
{
    private static readonly string[] AllScenarios = ["events", "ping", "azurite"];

    public static RootCommand Create()
    {
        var connection = new ConnectionOptions();
        var quick = new Option<bool>("--quick") { Description = "Smoke run: 2 s warm-up, 5 s windows, 15 s visibility timeout, small load (labelled SMOKE in the report)." };
        var scenarios = new Option<string[]>("--scenarios")
        {
            Description = "Which measurements to run, comma separated: events, ping, azurite.",
            DefaultValueFactory = _ => AllScenarios,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AllowMultipleArgumentsPerToken = true,
        };
        scenarios.Validators.Add(result =>
        {
            foreach (string name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!AllScenarios.Contains(name, StringComparer.Ordinal))
                {
                    result.AddError($"--scenarios: unknown scenario '{name}' (known: {string.Join(", ", AllScenarios)}).");
                }
            }
        });


        var warmup = DurationOption("--warmup", "Warm-up before each measurement window.", TimeSpan.FromSeconds(10));
        var duration = DurationOption("--duration", "Measurement window of each measurement (e.g. 60s, 2m).", TimeSpan.FromSeconds(30));
        var visibilityTimeout = DurationOption("--visibility-timeout", "How long to wait for sent events to become visible through the API before failing.", TimeSpan.FromSeconds(60));

        var producers = IntOption("--producers", "Concurrent device producers (one EventHubProducerClient each).", 8, 1);
        var batchSize = IntOption("--batch-size", "Events per Event Hubs message (a JSON array, distinct products at one warehouse).", 10, 1);
        var products = IntOption("--products", "Products per warehouse (fresh ids each run).", 50, 1);
        var warehouses = new Option<string[]>("--warehouses")
        {
            Description = "Warehouses to send to, comma separated; they must be registered.",
            DefaultValueFactory = _ => ["warehouse_A", "warehouse_B", "warehouse_C"],
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var rate = new Option<double>("--rate") { Description = "Offered load in events/s; 0 = as fast as the backlog cap allows.", DefaultValueFactory = _ => 0 };
        rate.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) { r.AddError("--rate must be 0 or more."); } });
        var maxBacklog = new Option<long>("--max-backlog") { Description = "Producers pause while more than this many sent events are not yet visible.", DefaultValueFactory = _ => 10000 };
        maxBacklog.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 1) { r.AddError("--max-backlog must be at least 1."); } });
        var probeRate = new Option<double>("--probe-rate") { Description = "Latency probes started per second.", DefaultValueFactory = _ => 10 };
        probeRate.Validators.Add(r => { if (r.GetValueOrDefault<double>() <= 0) { r.AddError("--probe-rate must be above 0."); } });
        var pollInterval = DurationOption("--poll-interval", "How often a probe polls the API (the latency resolution).", TimeSpan.FromMilliseconds(10));
        var sampleInterval = DurationOption("--sample-interval", "How often every load key is read to count visible effects.", TimeSpan.FromSeconds(1));

        var pingConcurrency = IntOption("--ping-concurrency", "Concurrent callers of IClusterProbeGrain.PingAsync.", 64, 1);
        var upsertConcurrency = IntOption("--upsert-concurrency", "Concurrent Azurite upsert writers.", 64, 1);

        var command = new RootCommand("Orleans.Inventory baseline: device events end to end, Orleans ping calls and raw Azurite upserts, in one run.")
        {
            quick, scenarios,
            warmup, duration, visibilityTimeout, producers, batchSize, products, warehouses, rate, maxBacklog, probeRate,
            pollInterval, sampleInterval, pingConcurrency, upsertConcurrency,
        };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            bool isQuick = parse.GetValue(quick);
            T Pick<T>(Option<T> option, T quickValue) => ConnectionOptions.Pick(parse, isQuick, option, quickValue);

            string[] chosen = parse.GetValue(scenarios) ?? AllScenarios;
            var settings = connection.Apply(parse, new BaselineSettings
            {
                Quick = isQuick,
                RunEvents = chosen.Contains("events"),
                RunPing = chosen.Contains("ping"),
                RunAzurite = chosen.Contains("azurite"),
                RunId = NewRunId(),
                Warmup = Pick(warmup, TimeSpan.FromSeconds(2)),
                Duration = Pick(duration, TimeSpan.FromSeconds(5)),
                VisibilityTimeout = Pick(visibilityTimeout, TimeSpan.FromSeconds(15)),
                Producers = Pick(producers, 2),
                BatchSize = Pick(batchSize, 5),
                ProductsPerWarehouse = Pick(products, 10),
                Warehouses = parse.GetValue(warehouses)!,
                Rate = parse.GetValue(rate),
                MaxBacklog = parse.GetValue(maxBacklog),
                ProbeRate = Pick(probeRate, 5),
                PollInterval = parse.GetValue(pollInterval),
                SampleInterval = parse.GetValue(sampleInterval),
                PingConcurrency = Pick(pingConcurrency, 16),
                UpsertConcurrency = Pick(upsertConcurrency, 16),
            });
            if (settings.BatchSize > settings.ProductsPerWarehouse)
            {
                await Console.Error.WriteLineAsync($"--batch-size ({settings.BatchSize}) must not exceed --products ({settings.ProductsPerWarehouse}): a message holds distinct products.");
                return 2;
            }

            if (settings.Warehouses.Count == 0)
            {
                await Console.Error.WriteLineAsync("--warehouses: name at least one warehouse.");
                return 2;
            }

            return await BaselineRunner.RunAsync(settings, cancellation);
        });
        return command;
    }

    internal static Option<int> IntOption(string name, string description, int defaultValue, int minimum)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{name} must be at least {minimum}.");
            }
        });
        return option;
    }

    internal static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Durations.TryParse(text, out TimeSpan value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 2m).");
            return default;
        },
    };

    internal static string NewRunId() =>
        "lt" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
}
