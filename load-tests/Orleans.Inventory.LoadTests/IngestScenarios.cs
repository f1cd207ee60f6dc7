using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using HdrHistogram;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Device events through Event Hubs with a <see cref="Fleet"/>: the sustained rate (closed model), the burst, latency at
/// a fraction of the maximum (open model) and the overload. Every scenario uses fresh keys, drains, and checks exactly
/// once by reading every key it sent to.
/// </summary>
internal sealed class IngestScenarios(SuiteSettings settings, StockApi api, ILogger logger)
{
    private double? _maximum;
    private long _readErrors;
    private string? _lastReadError;

    /// <summary>The fleet of the last sustained run (GET stock reads its popular keys).</summary>
    public Fleet? LastFleet { get; private set; }

    private BaselineSettings B => settings.Baseline;

    private Fleet NewFleet(string scenario, int? devices = null) =>
        new($"{B.RunId}-{settings.Phase[0]}{scenario}", B.Warehouses, settings.Keys, devices ?? settings.Devices, settings.ZipfSkew, settings.Seed);

    private void Describe(ScenarioResult result, Fleet fleet)
    {
        result.Settings["devices"] = fleet.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture);
        result.Settings["keys"] = $"{fleet.KeyCount} ({fleet.Warehouses.Count} warehouses x {fleet.ProductsPerWarehouse} products, Zipf s={settings.ZipfSkew})";
        result.Settings["events per message"] = settings.EventsPerMessage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        result.Settings["producer connections"] = settings.Senders.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The closed model: senders send as fast as a backlog cap allows; the rate is what became visible per second in the window.</summary>
    public async Task SustainedAsync(ScenarioResult result, CancellationToken cancellation)
    {
        await api.EnsureWarehousesAsync(cancellation);
        var fleet = NewFleet("ingest");
        LastFleet = fleet;
        var tracker = new VisibilityTracker(api, fleet, 32);
        Describe(result, fleet);
        result.Model = $"closed: {settings.Senders} senders, each sends its next message when the last is acknowledged, paused while more than {settings.MaxBacklog} events are not yet visible";
        var producers = Producers();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        long counter = -1;
        long sendRetries = 0;

        async Task SendLoopAsync(int sender)
        {
            while (!stop.IsCancellationRequested)
            {
                if (fleet.SentTotal - tracker.Visible > settings.MaxBacklog)
                {
                    await Task.Delay(10, CancellationToken.None);
                    continue;
                }

                var message = fleet.Message(Interlocked.Increment(ref counter), settings.EventsPerMessage);
                Interlocked.Add(ref sendRetries, await SendAsync(producers[sender], message, cancellation));
                fleet.RecordSent(message);
            }
        }

        var samples = new List<(long At, long Visible, long Sent)>();
        var sampler = SampleLoopAsync(tracker, fleet, samples, stop.Token);
        long start = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, producers.Length).Select(SendLoopAsync).ToArray();
        bool finished = false;
        try
        {
            await WaitForFirstEffectAsync(tracker, fleet, loops, start, cancellation);
            long windowStart = Stopwatch.GetTimestamp();
            var first = await SampleAfterAsync(samples, windowStart, loops, cancellation);
            await Task.Delay(B.Duration, cancellation);
            var last = await SampleAfterAsync(samples, Stopwatch.GetTimestamp(), loops, cancellation);
            await stop.CancelAsync();
            await Task.WhenAll(loops.Append(sampler));

            double span = Stopwatch.GetElapsedTime(first.At, last.At).TotalSeconds;
            double rate = (last.Visible - first.Visible) / span;
            _maximum = rate;
            result.Figures["events_per_second"] = rate;
            result.Figures["offered_per_second"] = (last.Sent - first.Sent) / span;
            result.Figures["window_seconds"] = span;
            result.Figures["backlog_at_window_start"] = first.Sent - first.Visible;
            result.Figures["backlog_at_window_end"] = last.Sent - last.Visible;
            result.Figures["send_retries"] = Interlocked.Read(ref sendRetries);
            bool saturated = last.Sent - last.Visible >= settings.MaxBacklog / 2;
            result.Notes.Add(saturated
                ? "The backlog stayed near the cap: the pipeline was saturated, so the rate is its capacity under this load."
                : "The backlog stayed small: the pipeline kept up with the senders, so the rate is a lower bound of its capacity (add --senders).");
            finished = true;
            await FinishAsync(result, fleet, tracker, cancellation);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops.Append(sampler)).ContinueWith(static _ => { }, TaskScheduler.Default);
            await DisposeAsync(producers);
            if (!finished)
            {
                await QuietAsync(tracker, cancellation);
            }
        }
    }

    /// <summary>The burst: <c>--burst-events</c> from <c>--burst-devices</c> devices at once; the SDK's publish rate against the applied rate.</summary>
    public async Task BurstAsync(ScenarioResult result, CancellationToken cancellation)
    {
        await api.EnsureWarehousesAsync(cancellation);
        var fleet = NewFleet("burst", settings.BurstDevices);
        var tracker = new VisibilityTracker(api, fleet, 32);
        Describe(result, fleet);
        int messages = (settings.BurstEvents + settings.EventsPerMessage - 1) / settings.EventsPerMessage;
        result.Model = $"burst: {messages} messages of {settings.EventsPerMessage} events from {settings.BurstDevices} devices, one message in flight per device, as fast as the SDK publishes";
        var producers = Producers();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var samples = new List<(long At, long Visible, long Sent)>();
        long start = Stopwatch.GetTimestamp();
        var sampler = SampleLoopAsync(tracker, fleet, samples, stop.Token);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, settings.BurstDevices),
                new ParallelOptions { MaxDegreeOfParallelism = settings.BurstDevices, CancellationToken = cancellation },
                async (device, ct) =>
                {
                    for (long n = device; n < messages; n += settings.BurstDevices)
                    {
                        var message = fleet.Message(n, settings.EventsPerMessage);
                        await SendAsync(producers[device % producers.Length], message, ct);
                        fleet.RecordSent(message);
                    }
                });
            long published = Stopwatch.GetTimestamp();
            long applied = 0;
            long deadline = published + ClosedLoop.Ticks(settings.DrainLimit);
            while (applied == 0 && Stopwatch.GetTimestamp() < deadline)
            {
                lock (samples)
                {
                    applied = samples.FirstOrDefault(s => s.Visible >= fleet.SentTotal).At;
                }

                await Task.Delay(20, cancellation);
            }

            await stop.CancelAsync();
            await sampler;
            double publishSeconds = Stopwatch.GetElapsedTime(start, published).TotalSeconds;
            result.Figures["events"] = fleet.SentTotal;
            result.Figures["publish_seconds"] = publishSeconds;
            result.Figures["published_per_second"] = fleet.SentTotal / publishSeconds;
            if (applied > 0)
            {
                double appliedSeconds = Stopwatch.GetElapsedTime(start, applied).TotalSeconds;
                result.Figures["applied_seconds"] = appliedSeconds;
                result.Figures["applied_per_second"] = fleet.SentTotal / appliedSeconds;
                result.Figures["applied_to_published"] = publishSeconds / appliedSeconds;
            }
            else
            {
                result.Notes.Add($"Not every event was visible within {Durations.Format(settings.DrainLimit)} of the last publish; no applied rate.");
            }

            result.Notes.Add("Both rates run from the first send: published until the last send was acknowledged, applied until a read of the keys showed every event (so the applied time is late by up to one read of the outstanding keys).");
            await FinishAsync(result, fleet, tracker, cancellation);
        }
        finally
        {
            await stop.CancelAsync();
            await sampler.ContinueWith(static _ => { }, TaskScheduler.Default);
            await DisposeAsync(producers);
        }
    }

    /// <summary>
    /// The open model at <c>--load-fraction</c> of the durable maximum, with probes (open model too, latency from the
    /// intended send time): device send -> visible through <c>GET /api/stock</c>, and that SKU change -> the region total
    /// through <c>GET /api/regions/{r}/stock/{p}</c>.
    /// </summary>
    public async Task LatencyUnderLoadAsync(ScenarioResult result, CancellationToken cancellation)
    {
        double maximum = Maximum(result);
        double rate = Math.Max(1, maximum * settings.LoadFraction);
        var fleet = NewFleet("lat");
        Describe(result, fleet);
        result.Figures["offered_per_second"] = rate;
        result.Figures["maximum_used"] = maximum;
        result.Model = $"open: {rate:0.#} events/s ({settings.LoadFraction:0.##} x {maximum:0.#}), probes at {B.ProbeRate:0.#}/s";
        var regions = new Dictionary<string, string>();
        foreach (string warehouse in B.Warehouses)
        {
            regions[warehouse] = await api.RegionOfAsync(warehouse, cancellation);
        }

        var toVisible = LatencySummary.NewHistogram();
        var toRegion = LatencySummary.NewHistogram();
        var sendToRegion = LatencySummary.NewHistogram();
        var histogramLock = new Lock();
        long skuTimeouts = 0, regionTimeouts = 0;
        await using var probeProducer = EventHubsSender.NewProducer(B.EventHubsConnectionString, B.EventHubName);

        async Task<bool> ProbeAsync(long n, long intended, CancellationToken ct)
        {
            string warehouse = B.Warehouses[(int)(n % B.Warehouses.Count)];
            string product = $"{fleet.Prefix}-probe{n}";
            var probe = new InventoryEvent($"{fleet.Prefix}-probe-{n}", InventoryEventType.ItemAdded, product, warehouse, 1, DateTimeOffset.UtcNow, DeviceId: "probe");
            await EventHubsSender.SendAsync(probeProducer, EventHubsSender.Body([probe]), warehouse, "probe", logger, ct);
            long deadline = intended + ClosedLoop.Ticks(B.VisibilityTimeout);
            long? visible = await PollAsync(async () => (await api.GetStockAsync(warehouse, product, ct)).Version >= 1, deadline, ct);
            if (visible is not { } skuAt)
            {
                Interlocked.Increment(ref skuTimeouts);
                return false;
            }

            long? regionAt = settings.Runs("region") || !settings.Runs("visible")
                ? await PollAsync(async () => await api.GetRegionOnHandAsync(regions[warehouse], product, ct) >= 1, skuAt + ClosedLoop.Ticks(B.VisibilityTimeout), ct)
                : null;
            lock (histogramLock)
            {
                toVisible.RecordValue(Micros(intended, skuAt));
                if (regionAt is { } r)
                {
                    toRegion.RecordValue(Micros(skuAt, r));
                    sendToRegion.RecordValue(Micros(intended, r));
                }
            }

            if (regionAt is null && (settings.Runs("region") || !settings.Runs("visible")))
            {
                Interlocked.Increment(ref regionTimeouts);
            }

            return true;
        }

        var run = await RunOpenAsync(fleet, rate, B.Warmup + B.Duration, cancellation, async ct =>
        {
            await Task.Delay(B.Warmup, ct);
            return await OpenLoop.RunAsync(B.ProbeRate, B.Duration, 256, (2 * B.VisibilityTimeout) + TimeSpan.FromSeconds(10), ProbeAsync, ct);
        });
        var probes = run.Side;
        result.Figures["probes"] = probes.Scheduled;
        result.Figures["probe_sku_timeouts"] = Interlocked.Read(ref skuTimeouts);
        result.Figures["probe_region_timeouts"] = Interlocked.Read(ref regionTimeouts);
        result.Figures["probe_failures"] = probes.Failed - Interlocked.Read(ref skuTimeouts);
        lock (histogramLock)
        {
            Put(result, "device send -> visible (GET stock)", toVisible);
            Put(result, "SKU visible -> region total visible", toRegion);
            Put(result, "device send -> region total visible", sendToRegion);
        }

        result.Notes.Add($"Latency runs from each probe's intended send time (coordinated-omission corrected) to the first poll that shows it; polls every {Durations.Format(B.PollInterval)}, so values are late by up to that plus one GET. A probe is one `item_added` on a product of its own. Probes not visible within {Durations.Format(B.VisibilityTimeout)} are counted as timeouts, not in the percentiles.");
        if (probes.FirstError is { } error)
        {
            result.Notes.Add($"First probe error: {error}");
        }
    }

    /// <summary>The overload: <c>--overload-factor</c> x the durable maximum for <c>--overload-duration</c>, with reads, health checks and HTTP posts alongside.</summary>
    public async Task OverloadAsync(ScenarioResult result, HttpScenarios http, CancellationToken cancellation)
    {
        double maximum = Maximum(result);
        double rate = Math.Max(1, maximum * settings.OverloadFactor);
        var fleet = NewFleet("over");
        Describe(result, fleet);
        result.Model = $"open: {rate:0.#} events/s ({settings.OverloadFactor:0.##} x {maximum:0.#}) for {Durations.Format(settings.OverloadDuration)}; alongside (open model): GET stock 20/s, /health/ready 5/s, POST /api/events ({settings.HttpBatch} events) 1/s";
        result.Figures["offered_per_second"] = rate;
        result.Figures["maximum_used"] = maximum;
        long logsBefore = LogBytes();
        var statuses = new ConcurrentDictionary<string, long>();
        var run = await RunOpenAsync(fleet, rate, settings.OverloadDuration, cancellation, async ct =>
        {
            var reads = OpenLoop.RunAsync(20, settings.OverloadDuration, 64, TimeSpan.FromSeconds(30),
                (n, _, t) => http.GetOkAsync(StockApi.StockPath(fleet.Key((int)(n % fleet.KeyCount)).Warehouse, fleet.Key((int)(n % fleet.KeyCount)).Product), statuses, "GET stock", t), ct);
            var health = OpenLoop.RunAsync(5, settings.OverloadDuration, 32, TimeSpan.FromSeconds(30),
                (_, _, t) => http.GetOkAsync("health/ready", statuses, "health", t), ct);
            var posts = OpenLoop.RunAsync(1, settings.OverloadDuration, 32, TimeSpan.FromSeconds(60),
                (n, _, t) => http.PostBatchAsync(n, statuses, t), ct);
            return (await reads, await health, await posts);
        });
        long logsAfter = LogBytes();
        var (readRun, healthRun, postRun) = run.Side;
        Put(result, "GET stock during overload", readRun.Histogram);
        Put(result, "/health/ready during overload", healthRun.Histogram);
        Put(result, "POST /api/events during overload", postRun.Histogram);
        Put(result, "Event Hubs send (intended -> acknowledged)", run.Load.Histogram);
        foreach (var (status, count) in statuses)
        {
            result.Figures[$"status {status}"] = count;
        }

        long shed = statuses.Where(s => s.Key.EndsWith(" 429", StringComparison.Ordinal) || s.Key.EndsWith(" 503", StringComparison.Ordinal)).Sum(s => s.Value);
        result.Figures["shed_responses"] = shed;
        result.Figures["send_failures"] = run.Load.Failed;
        result.Figures["backlog_at_end_of_overload"] = run.BacklogAtEnd;
        result.Figures["applied_per_second_during"] = run.AppliedDuring / settings.OverloadDuration.TotalSeconds;
        if (settings.LogDirectory is null)
        {
            result.Notes.Add("Silo log bytes: not measured (no --log-dir).");
        }
        else
        {
            result.Figures["log_bytes"] = logsAfter - logsBefore;
            result.Figures["log_bytes_per_second"] = (logsAfter - logsBefore) / run.Elapsed.TotalSeconds;
        }

        string verdict = shed > 0 || run.Load.Failed > 0
            ? $"sheds: {shed} HTTP 429/503 answers, {run.Load.Failed} Event Hubs sends failed"
            : run.BacklogAtEnd > fleet.SentTotal / 10
                ? $"slows: nothing refused; {run.BacklogAtEnd} events were sent but not yet visible when the overload ended (applied {run.AppliedDuring / settings.OverloadDuration.TotalSeconds:0.#}/s against {rate:0.#}/s offered)"
                : "kept up: neither shed nor fell behind (the offered rate was not an overload)";
        result.Notes.Add($"Behaviour: {verdict}.");
        bool readsOk = readRun.Latency is { } rl && rl.P99 <= settings.ResponsiveP99.TotalMilliseconds && readRun.Failed == 0;
        bool healthOk = healthRun.Latency is { } hl && hl.P99 <= settings.ResponsiveP99.TotalMilliseconds && healthRun.Failed == 0;
        result.Check("sheds or slows visibly", shed > 0 || run.Load.Failed > 0 || run.BacklogAtEnd > 0, verdict);
        result.Check("reads responsive", readsOk, $"GET stock p99 {readRun.Latency?.P99:0.#} ms (limit {settings.ResponsiveP99.TotalMilliseconds:0} ms), {readRun.Failed} failed of {readRun.Scheduled}");
        result.Check("health responsive", healthOk, $"/health/ready p99 {healthRun.Latency?.P99:0.#} ms (limit {settings.ResponsiveP99.TotalMilliseconds:0} ms), {healthRun.Failed} failed of {healthRun.Scheduled}");
        if (settings.LogDirectory is not null)
        {
            double perSecond = (logsAfter - logsBefore) / run.Elapsed.TotalSeconds;
            result.Check("logs at a bounded rate", perSecond <= settings.LogBudgetBytesPerSecond,
                $"{logsAfter - logsBefore:N0} bytes in {run.Elapsed.TotalSeconds:0} s = {perSecond:N0} B/s (budget {settings.LogBudgetBytesPerSecond:N0} B/s)");
        }

        await FinishAsync(result, fleet, run.Tracker, cancellation);
    }

    private double Maximum(ScenarioResult result)
    {
        if (_maximum is { } measured && measured > 0)
        {
            result.Notes.Add($"Maximum: the sustained rate measured by `ingest` in this phase, {measured:0.#} events/s.");
            return measured;
        }

        double fallback = settings.MaxRate ?? 150;
        result.Notes.Add($"Maximum: {fallback:0.#} events/s from --max-rate{(settings.MaxRate is null ? " (default; ingest did not run in this phase)" : "")}.");
        return fallback;
    }

    /// <summary>Offers the fleet's messages at <paramref name="rate"/> events/s (open model) while <paramref name="side"/> runs; then answers what was applied.</summary>
    private async Task<OpenRun<T>> RunOpenAsync<T>(Fleet fleet, double rate, TimeSpan duration, CancellationToken cancellation, Func<CancellationToken, Task<T>> side)
    {
        await api.EnsureWarehousesAsync(cancellation);
        var tracker = new VisibilityTracker(api, fleet, 32);
        var producers = Producers();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var samples = new List<(long At, long Visible, long Sent)>();
        var sampler = SampleLoopAsync(tracker, fleet, samples, stop.Token);
        long start = Stopwatch.GetTimestamp();
        try
        {
            var load = OpenLoop.RunAsync(rate / settings.EventsPerMessage, duration, 1024, TimeSpan.FromSeconds(30), async (n, _, ct) =>
            {
                var message = fleet.Message(n, settings.EventsPerMessage);
                await SendAsync(producers[n % producers.Length], message, ct);
                fleet.RecordSent(message);
                return true;
            }, cancellation);
            var sideTask = side(cancellation);
            var loadResult = await load;
            var elapsed = Stopwatch.GetElapsedTime(start);
            long visible = tracker.Visible;
            long backlog = fleet.SentTotal - visible;
            var sideResult = await sideTask;
            await stop.CancelAsync();
            await sampler;
            return new OpenRun<T>(loadResult, sideResult, tracker, backlog, visible, elapsed);
        }
        finally
        {
            await stop.CancelAsync();
            await sampler.ContinueWith(static _ => { }, TaskScheduler.Default);
            await DisposeAsync(producers);
        }
    }

    /// <summary>After a failure: waits (bounded) for what was sent to be applied, so the next scenario does not start behind a backlog.</summary>
    private async Task QuietAsync(VisibilityTracker tracker, CancellationToken cancellation)
    {
        try
        {
            Log.EventsDraining(logger, tracker.Backlog);
            await tracker.DrainAsync(settings.DrainStall, settings.DrainLimit, cancellation);
        }
        catch (Exception) when (!cancellation.IsCancellationRequested)
        {
            // Best effort: the scenario's own failure is what the report gives.
        }
    }

    /// <summary>Drains, checks exactly once, and records the event counts every ingest scenario reports.</summary>
    private async Task FinishAsync(ScenarioResult result, Fleet fleet, VisibilityTracker tracker, CancellationToken cancellation)
    {
        Log.EventsDraining(logger, tracker.Backlog);
        var drain = await tracker.DrainAsync(settings.DrainStall, settings.DrainLimit, cancellation);
        var check = await tracker.VerifyAsync(cancellation);
        result.Figures["events_sent"] = fleet.SentTotal;
        result.Figures["messages_sent"] = fleet.MessagesSent;
        result.Figures["events_applied"] = check.Sent - check.Missing + check.Extra;
        result.Figures["drain_seconds"] = drain.Time.TotalSeconds;
        result.Figures["keys_touched"] = fleet.Sent.Count(s => s > 0);
        result.Figures["api_reads_for_visibility"] = tracker.Reads;
        if (Interlocked.Exchange(ref _readErrors, 0) is > 0 and var errors)
        {
            result.Notes.Add($"{errors} refreshes of the keys failed during the load (counts unchanged, read again later); the last: {_lastReadError}");
        }

        result.Check("drained", drain.Drained, drain.Drained
            ? $"every one of {fleet.SentTotal} sent events visible {drain.Time.TotalSeconds:0.#} s after the load stopped"
            : $"{drain.Missing} of {fleet.SentTotal} sent events still not visible after {drain.Time.TotalSeconds:0.#} s (stall limit {Durations.Format(settings.DrainStall)}, limit {Durations.Format(settings.DrainLimit)})");
        result.Check("exactly once", check.Passed, check.Passed
            ? $"no key of {check.Keys} shows more applied changes than sent; on hand = version everywhere"
            : $"{check.Extra} applied changes beyond the events sent on {check.KeysOver} keys; {check.OnHandMismatches} keys with on hand != version");
    }

    private EventHubProducerClient[] Producers() =>
        [.. Enumerable.Range(0, settings.Senders).Select(_ => EventHubsSender.NewProducer(B.EventHubsConnectionString, B.EventHubName))];

    private static async Task DisposeAsync(EventHubProducerClient[] producers)
    {
        foreach (var producer in producers)
        {
            await producer.DisposeAsync();
        }
    }

    private Task<int> SendAsync(EventHubProducerClient producer, FleetMessage message, CancellationToken cancellation) =>
        EventHubsSender.SendAsync(producer, EventHubsSender.Body(message.Events), message.Warehouse, message.DeviceId, logger, cancellation);

    private async Task SampleLoopAsync(VisibilityTracker tracker, Fleet fleet, List<(long At, long Visible, long Sent)> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long sentBefore = fleet.SentTotal;
            try
            {
                var (visible, at) = await tracker.RefreshAsync(stop);
                lock (samples)
                {
                    samples.Add((at, visible, (sentBefore + fleet.SentTotal) / 2));
                }

                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (!stop.IsCancellationRequested)
            {
                // A failed or timed-out read leaves the counts where they were; the next refresh reads those keys again.
                Interlocked.Increment(ref _readErrors);
                _lastReadError = $"{error.GetType().Name}: {error.Message}";
                await Task.Delay(500, CancellationToken.None);
            }
        }
    }

    private async Task WaitForFirstEffectAsync(VisibilityTracker tracker, Fleet fleet, Task[] loops, long start, CancellationToken cancellation)
    {
        long warm = start + ClosedLoop.Ticks(B.Warmup);
        long deadline = start + ClosedLoop.Ticks(B.Warmup + B.VisibilityTimeout);
        while (Stopwatch.GetTimestamp() < warm || tracker.Visible == 0)
        {
            if (loops.FirstOrDefault(l => l.IsFaulted) is { } faulted)
            {
                throw new InvalidOperationException($"A sender failed: {faulted.Exception!.GetBaseException().Message}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"No event became visible through GET /api/stock within {Durations.Format(B.VisibilityTimeout)} after the warm-up ({fleet.SentTotal} sent); " +
                    (Interlocked.Read(ref _readErrors) > 0 ? $"{_readErrors} reads of the keys failed, the last with {_lastReadError}." : $"do the silos consume hub '{B.EventHubName}'?"));
            }

            await Task.Delay(50, cancellation);
        }
    }

    private async Task<(long At, long Visible, long Sent)> SampleAfterAsync(List<(long At, long Visible, long Sent)> samples, long timestamp, Task[] loops, CancellationToken cancellation)
    {
        // A read of the keys that are behind takes long on a saturated system (each GET waits behind the grain's work).
        long giveUp = Stopwatch.GetTimestamp() + ClosedLoop.Ticks(settings.DrainLimit);
        while (Stopwatch.GetTimestamp() < giveUp)
        {
            lock (samples)
            {
                if (samples.Count > 0 && samples[^1].At >= timestamp)
                {
                    return samples[^1];
                }
            }

            if (loops.FirstOrDefault(l => l.IsFaulted) is { } faulted)
            {
                throw new InvalidOperationException($"A sender failed: {faulted.Exception!.GetBaseException().Message}");
            }

            await Task.Delay(20, cancellation);
        }

        throw new TimeoutException($"No read of the outstanding keys completed within {Durations.Format(settings.DrainLimit)} (--drain-limit).");
    }

    private async Task<long?> PollAsync(Func<Task<bool>> visible, long deadline, CancellationToken cancellation)
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await visible())
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(B.PollInterval, cancellation);
        }

        return null;
    }

    private long LogBytes() => settings.LogDirectory is { } directory && Directory.Exists(directory)
        ? Directory.GetFiles(directory, "silo-*.log").Sum(f => new FileInfo(f).Length)
        : 0;

    private static long Micros(long from, long to) => Math.Max(1, (long)Stopwatch.GetElapsedTime(from, to).TotalMicroseconds);

    private static void Put(ScenarioResult result, string name, HistogramBase histogram)
    {
        if (LatencySummary.From(histogram) is { } summary)
        {
            result.Latencies[name] = summary;
        }
    }
}

/// <summary>An open-model load run: the load's own result, what ran beside it, and the backlog when it ended.</summary>
internal sealed record OpenRun<T>(OpenLoopResult Load, T Side, VisibilityTracker Tracker, long BacklogAtEnd, long AppliedDuring, TimeSpan Elapsed);
