using System.CommandLine;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// <c>suite</c>: the issue-9 load tests, one phase per invocation (<c>--phase peer|embedded|durable|report</c>);
/// load-tests/run.sh starts the right system for each phase and calls it once per phase with the same
/// <c>--results</c> file, then <c>--phase report</c> writes the markdown. Full-run defaults first, <c>--quick</c> second.
/// </summary>
internal static class SuiteCommand
{
    private static readonly string[] Phases = ["peer", "embedded", "durable", "report"];

    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var quick = new Option<bool>("--quick") { Description = "SMOKE RUN: seconds-long windows and small counts, only to prove the harness works." };
        var phase = new Option<string>("--phase") { Description = "peer, embedded, durable or report.", Required = true };
        phase.Validators.Add(r =>
        {
            if (!Phases.Contains(r.GetValueOrDefault<string>()))
            {
                r.AddError($"--phase must be one of {string.Join(", ", Phases)}.");
            }
        });
        var scenarios = new Option<string[]>("--scenarios")
        {
            Description = $"Scenarios to run, comma separated ({string.Join(", ", SuiteSettings.AllScenarios)}); each phase runs those that belong to it.",
            DefaultValueFactory = _ => SuiteSettings.AllScenarios,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AllowMultipleArgumentsPerToken = true,
        };
        scenarios.Validators.Add(r =>
        {
            foreach (string name in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!SuiteSettings.AllScenarios.Contains(name))
                {
                    r.AddError($"--scenarios: unknown scenario '{name}' (known: {string.Join(", ", SuiteSettings.AllScenarios)}).");
                }
            }
        });
        var results = new Option<string>("--results") { Description = "JSON file the phases add their results to.", Required = true };
        var logDirectory = new Option<string?>("--log-dir") { Description = "Where the silos log (silo-*.log); overload reports the bytes they wrote." };
        var siloPid = new Option<int?>("--silo-pid") { Description = "Process id of the (single) silo, for the catalog run's memory readings (/proc/<pid>/status)." };

        var warmup = BaselineCommand.DurationOption("--warmup", "Warm-up before each window.", TimeSpan.FromSeconds(10));
        var duration = BaselineCommand.DurationOption("--duration", "Measurement window of each scenario.", TimeSpan.FromSeconds(60));
        var devices = BaselineCommand.IntOption("--devices", "Simulated devices (device d at warehouse d mod W), multiplexed over --senders connections.", 500, 1);
        var senders = BaselineCommand.IntOption("--senders", "EventHubProducerClient connections the devices share.", 16, 1);
        var eventsPerMessage = BaselineCommand.IntOption("--events-per-message", "Events per device message.", 10, 1);
        var keys = BaselineCommand.IntOption("--keys", "Product-at-warehouse keys of a fleet (fresh per scenario).", 10_000, 1);
        var skew = new Option<double>("--zipf-skew") { Description = "Zipf exponent of product popularity (also the peer's random_zipfian parameter).", DefaultValueFactory = _ => 1.01 };
        var seed = BaselineCommand.IntOption("--seed", "Seed of the fleets' message contents.", 1, 0);
        var warehouses = new Option<string[]>("--warehouses")
        {
            Description = "Registered warehouses the fleets send to.",
            DefaultValueFactory = _ => ["warehouse_A", "warehouse_B", "warehouse_C"],
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var maxBacklog = new Option<long>("--max-backlog") { Description = "Closed model: senders pause while more events than this are sent but not visible.", DefaultValueFactory = _ => 10_000 };
        var visibilityTimeout = BaselineCommand.DurationOption("--visibility-timeout", "A probe or a first effect not visible within this fails.", TimeSpan.FromSeconds(60));
        var drainStall = BaselineCommand.DurationOption("--drain-stall", "Drain gives up after no progress for this long.", TimeSpan.FromSeconds(60));
        var drainLimit = BaselineCommand.DurationOption("--drain-limit", "Drain gives up after this long in all.", TimeSpan.FromMinutes(3));
        var probeRate = new Option<double>("--probe-rate") { Description = "Latency probes per second (open model).", DefaultValueFactory = _ => 10 };
        var pollInterval = BaselineCommand.DurationOption("--poll-interval", "How often a probe polls the API (the latency resolution).", TimeSpan.FromMilliseconds(10));

        var burstEvents = BaselineCommand.IntOption("--burst-events", "Events of the embedded burst.", 20_000, 1);
        var burstDevices = BaselineCommand.IntOption("--burst-devices", "Devices of the burst, one message in flight each.", 200, 1);
        var httpCallers = BaselineCommand.IntOption("--http-callers", "Closed-model callers of POST /api/events.", 32, 1);
        var httpBatch = BaselineCommand.IntOption("--http-batch", "Events per POST /api/events body.", 100, 1);
        var hotKeyCallers = BaselineCommand.IntOption("--hotkey-callers", "Closed-model callers reserving 1 unit on one key.", 64, 1);
        var getCallers = BaselineCommand.IntOption("--get-callers", "Closed-model callers of GET /api/stock.", 32, 1);
        var loadFraction = new Option<double>("--load-fraction") { Description = "Share of the measured durable maximum offered while latency is probed.", DefaultValueFactory = _ => 0.5 };
        var maxRate = new Option<double?>("--max-rate") { Description = "Durable maximum events/s to use when the ingest scenario did not run in this phase." };
        var overloadFactor = new Option<double>("--overload-factor") { Description = "Overload offers this multiple of the durable maximum.", DefaultValueFactory = _ => 3 };
        var overloadDuration = BaselineCommand.DurationOption("--overload-duration", "How long the overload is offered.", TimeSpan.FromMinutes(5));
        var logBudget = new Option<double>("--log-budget") { Description = "Bytes per second of silo logs (all silos) the overload may write and still count as bounded.", DefaultValueFactory = _ => 64 * 1024 };
        var responsive = BaselineCommand.DurationOption("--responsive-p99", "Reads and health checks count as responsive under overload when their p99 is at most this.", TimeSpan.FromSeconds(1));

        var catalogRecords = BaselineCommand.IntOption("--catalog-records", "Product-at-warehouse records the catalog run creates on one silo.", 1_000_000, 1);
        var catalogWarehouses = BaselineCommand.IntOption("--catalog-warehouses", "Warehouses of the catalog (5 per region).", 10, 5);
        var catalogConcurrency = BaselineCommand.IntOption("--catalog-concurrency", "Concurrent creations through the gateway client.", 256, 1);
        var catalogTimeout = BaselineCommand.DurationOption("--catalog-timeout", "The catalog run stops creating after this long (the report says how many it made).", TimeSpan.FromMinutes(6));

        var peerClients = BaselineCommand.IntOption("--peer-clients", "pgbench clients.", 64, 1);
        var peerDuration = BaselineCommand.DurationOption("--peer-duration", "pgbench run time per workload.", TimeSpan.FromSeconds(60));
        var peerRows = BaselineCommand.IntOption("--peer-rows", "Stock rows of the peer's events workload.", 10_000, 1);
        var postgresBin = new Option<string>("--postgres-bin") { Description = "PostgreSQL binaries.", DefaultValueFactory = _ => "/usr/lib/postgresql/15/bin" };

        var command = new Command("suite", "The issue-9 load tests: one phase per call (run them through load-tests/run.sh).")
        {
            quick, phase, scenarios, results, logDirectory, siloPid, warmup, duration, devices, senders, eventsPerMessage, keys, skew, seed,
            warehouses, maxBacklog, visibilityTimeout, drainStall, drainLimit, probeRate, pollInterval, burstEvents, burstDevices,
            httpCallers, httpBatch, hotKeyCallers, getCallers, loadFraction, maxRate, overloadFactor, overloadDuration, logBudget, responsive,
            catalogRecords, catalogWarehouses, catalogConcurrency, catalogTimeout, peerClients, peerDuration, peerRows, postgresBin,
        };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            bool isQuick = parse.GetValue(quick);
            T Pick<T>(Option<T> option, T quickValue) => ConnectionOptions.Pick(parse, isQuick, option, quickValue);

            var baseline = connection.Apply(parse, new BaselineSettings
            {
                Quick = isQuick,
                RunEvents = false,
                RunPing = true,
                RunAzurite = true,
                RunId = BaselineCommand.NewRunId(),
                Warmup = Pick(warmup, TimeSpan.FromSeconds(2)),
                Duration = Pick(duration, TimeSpan.FromSeconds(8)),
                VisibilityTimeout = Pick(visibilityTimeout, TimeSpan.FromSeconds(30)),
                Producers = 1,
                BatchSize = 1,
                ProductsPerWarehouse = 1,
                Warehouses = parse.GetValue(warehouses)!,
                Rate = 0,
                MaxBacklog = 1,
                ProbeRate = Pick(probeRate, 5),
                PollInterval = parse.GetValue(pollInterval),
                SampleInterval = TimeSpan.FromSeconds(1),
                PingConcurrency = isQuick ? 16 : 64,
                UpsertConcurrency = isQuick ? 16 : 64,
            });
            var settings = new SuiteSettings
            {
                Baseline = baseline,
                Phase = parse.GetValue(phase)!,
                Scenarios = (parse.GetValue(scenarios) ?? SuiteSettings.AllScenarios).ToHashSet(StringComparer.Ordinal),
                ResultsFile = parse.GetValue(results)!,
                LogDirectory = parse.GetValue(logDirectory),
                SiloPid = parse.GetValue(siloPid),
                Devices = Pick(devices, 100),
                Senders = Pick(senders, 8),
                EventsPerMessage = parse.GetValue(eventsPerMessage),
                Keys = Pick(keys, 2_000),
                ZipfSkew = parse.GetValue(skew),
                Seed = parse.GetValue(seed),
                MaxBacklog = Pick(maxBacklog, 5_000),
                DrainStall = Pick(drainStall, TimeSpan.FromSeconds(20)),
                DrainLimit = Pick(drainLimit, TimeSpan.FromSeconds(60)),
                BurstEvents = Pick(burstEvents, 2_000),
                BurstDevices = parse.GetValue(burstDevices),
                HttpCallers = Pick(httpCallers, 8),
                HttpBatch = parse.GetValue(httpBatch),
                HotKeyCallers = Pick(hotKeyCallers, 16),
                GetCallers = Pick(getCallers, 8),
                LoadFraction = parse.GetValue(loadFraction),
                MaxRate = parse.GetValue(maxRate),
                OverloadFactor = parse.GetValue(overloadFactor),
                OverloadDuration = Pick(overloadDuration, TimeSpan.FromSeconds(15)),
                LogBudgetBytesPerSecond = parse.GetValue(logBudget),
                ResponsiveP99 = parse.GetValue(responsive),
                CatalogRecords = Pick(catalogRecords, 5_000),
                CatalogWarehouses = parse.GetValue(catalogWarehouses),
                CatalogConcurrency = Pick(catalogConcurrency, 64),
                CatalogTimeout = Pick(catalogTimeout, TimeSpan.FromMinutes(2)),
                PeerClients = parse.GetValue(peerClients),
                PeerDuration = Pick(peerDuration, TimeSpan.FromSeconds(5)),
                PeerRows = parse.GetValue(peerRows),
                PostgresBin = parse.GetValue(postgresBin)!,
            };
            return await SuiteRunner.RunAsync(settings, cancellation);
        });
        return command;
    }
}
