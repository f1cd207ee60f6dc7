using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// The peer: the same workload on PostgreSQL 15, kept the way Saleor and Medusa keep stock, one transaction per event:
/// a conditional <c>UPDATE</c> of the stock row (<c>... WHERE id = k AND available >= 1</c>) and an <c>INSERT</c> of a
/// ledger row with the quantities after, in one statement (a CTE), fsync on. A fresh cluster in a temporary folder,
/// run as the <c>postgres</c> user, listening on 127.0.0.1 only; <c>pgbench</c> with <c>--peer-clients</c> clients runs
/// (1) events spread by <c>random_zipfian</c> over <c>--peer-rows</c> rows and (2) reservations on one hot row.
/// Latency percentiles come from pgbench's per-transaction log.
/// </summary>
internal static partial class PeerBenchmark
{
    private const string Schema = """
        CREATE TABLE stock (id int PRIMARY KEY, warehouse_id text NOT NULL, product_id text NOT NULL, available bigint NOT NULL,
                            reserved bigint NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 0, last_updated timestamptz);
        CREATE TABLE ledger (seq bigserial PRIMARY KEY, stock_id int NOT NULL, kind text NOT NULL, quantity bigint NOT NULL,
                             available_after bigint NOT NULL, reserved_after bigint NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO stock (id, warehouse_id, product_id, available)
          SELECT g, 'warehouse_' || (g % 3), 'p' || g, 1000000000 FROM generate_series(0, :rows) g;
        """;

    // Row 0 is the hot row; 1..rows carry the events. Removals of 1 from rows holding 10^9: conditional, never refused.
    private const string EventsScript = """
        \set k random_zipfian(1, :rows, :skew)
        WITH u AS (UPDATE stock SET available = available - 1, version = version + 1, last_updated = now() WHERE id = :k AND available >= 1 RETURNING id, available, reserved) INSERT INTO ledger (stock_id, kind, quantity, available_after, reserved_after) SELECT id, 'item_removed', 1, available, reserved FROM u;
        """;

    private const string HotScript = """
        WITH u AS (UPDATE stock SET available = available - 1, reserved = reserved + 1, version = version + 1, last_updated = now() WHERE id = 0 AND available >= 1 RETURNING id, available, reserved) INSERT INTO ledger (stock_id, kind, quantity, available_after, reserved_after) SELECT id, 'reserved', 1, available, reserved FROM u;
        """;

    public static async Task RunAsync(SuiteSettings settings, ScenarioResult result, ILogger logger, CancellationToken cancellation)
    {
        var folder = Directory.CreateTempSubdirectory("lt-peer-");
        string dir = folder.FullName;
        string data = Path.Combine(dir, "data");
        int port = FreePort();
        double skew = Math.Max(1.001, settings.ZipfSkew);
        result.Model = $"pgbench, {settings.PeerClients} clients, 2 threads, {Durations.Format(settings.PeerDuration)} per workload after {Durations.Format(settings.Baseline.Warmup)} of warm-up; fsync on; one transaction per event";
        result.Settings["rows"] = $"{settings.PeerRows} (Zipf s={skew}) + 1 hot row";
        result.Settings["server"] = $"{settings.PostgresBin}, 127.0.0.1:{port}, socket dir {dir}, fsync=on, synchronous_commit=on";
        bool started = false;
        try
        {
            await ExecAsync("chown", ["postgres:postgres", dir], dir, cancellation);
            await AsPostgresAsync(settings, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"], dir, cancellation);
            await AsPostgresAsync(settings, "pg_ctl", ["-D", data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o",
                $"-k {dir} -c listen_addresses=127.0.0.1 -p {port} -c fsync=on -c synchronous_commit=on -c max_connections={settings.PeerClients + 20}", "start"], dir, cancellation);
            started = true;
            await File.WriteAllTextAsync(Path.Combine(dir, "schema.sql"), Schema, cancellation);
            await File.WriteAllTextAsync(Path.Combine(dir, "events.sql"), EventsScript, cancellation);
            await File.WriteAllTextAsync(Path.Combine(dir, "hot.sql"), HotScript, cancellation);
            await ExecAsync("chown", ["-R", "postgres:postgres", dir], dir, cancellation);
            await AsPostgresAsync(settings, "psql", ["-h", "127.0.0.1", "-p", $"{port}", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-v", $"rows={settings.PeerRows}", "-q", "-f", Path.Combine(dir, "schema.sql"), "postgres"], dir, cancellation);

            foreach (var (name, script) in new[] { ("events", "events.sql"), ("hot", "hot.sql") })
            {
                Log.ScenarioStarting(logger, $"peer {name}", Durations.Format(settings.Baseline.Warmup), Durations.Format(settings.PeerDuration));
                await PgbenchAsync(settings, port, dir, script, settings.Baseline.Warmup, skew, logPrefix: null, cancellation);
                string prefix = Path.Combine(dir, $"log-{name}");
                string output = await PgbenchAsync(settings, port, dir, script, settings.PeerDuration, skew, prefix, cancellation);
                var tps = TpsPattern().Match(output);
                if (!tps.Success)
                {
                    throw new InvalidOperationException($"pgbench printed no tps for {script}: {output}");
                }

                result.Figures[name == "events" ? "events_per_second" : "reservations_per_second"] = double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
                var failed = FailedPattern().Match(output);
                result.Figures[$"{name}_failed_transactions"] = failed.Success ? double.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                if (Latencies(dir, $"log-{name}") is { } latency)
                {
                    result.Latencies[name == "events" ? "per event transaction" : "per hot-row reservation"] = latency;
                }
            }

            string rows = await AsPostgresAsync(settings, "psql", ["-h", "127.0.0.1", "-p", $"{port}", "-U", "postgres", "-tA", "-c",
                "SELECT (SELECT count(*) FROM ledger) || ' ' || (SELECT reserved FROM stock WHERE id = 0)", "postgres"], dir, cancellation);
            string[] parts = rows.Trim().Split(' ');
            result.Figures["ledger_rows"] = double.Parse(parts[0], CultureInfo.InvariantCulture);
            result.Figures["hot_row_reserved"] = double.Parse(parts[1], CultureInfo.InvariantCulture);
            result.Notes.Add("Every transaction updated its row and inserted its ledger row: the ledger holds one row per committed transaction of both workloads, warm-ups included.");
        }
        finally
        {
            if (started)
            {
                await AsPostgresAsync(settings, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"], dir, CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            folder.Delete(recursive: true);
        }
    }

    private static Task<string> PgbenchAsync(SuiteSettings settings, int port, string dir, string script, TimeSpan duration, double skew, string? logPrefix, CancellationToken cancellation)
    {
        var args = new List<string>
        {
            "-n", "-h", "127.0.0.1", "-p", $"{port}", "-U", "postgres", "-c", $"{settings.PeerClients}", "-j", "2",
            "-T", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}", "-D", $"rows={settings.PeerRows}",
            "-D", $"skew={skew.ToString(CultureInfo.InvariantCulture)}", "-f", Path.Combine(dir, script),
        };
        if (logPrefix is not null)
        {
            args.AddRange(["-l", $"--log-prefix={logPrefix}"]);
        }

        args.Add("postgres");
        return AsPostgresAsync(settings, "pgbench", args, dir, cancellation);
    }

    /// <summary>pgbench's per-transaction log: <c>client_id transaction_no time_us script_no epoch epoch_us</c>.</summary>
    private static LatencySummary? Latencies(string dir, string prefix)
    {
        var histogram = LatencySummary.NewHistogram();
        foreach (string file in Directory.GetFiles(dir, prefix + ".*"))
        {
            foreach (string line in File.ReadLines(file))
            {
                string[] fields = line.Split(' ');
                if (fields.Length >= 3 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out long micros))
                {
                    histogram.RecordValue(Math.Max(1, micros));
                }
            }
        }

        return LatencySummary.From(histogram);
    }

    private static Task<string> AsPostgresAsync(SuiteSettings settings, string tool, IEnumerable<string> args, string dir, CancellationToken cancellation) =>
        ExecAsync("runuser", ["-u", "postgres", "--", Path.Combine(settings.PostgresBin, tool), .. args], dir, cancellation);

    private static async Task<string> ExecAsync(string file, IEnumerable<string> args, string workingDirectory, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        string output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {output.Trim()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedPattern();
}
