using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using HdrHistogram;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Device events end to end: producers send <c>item_added</c> events (quantity 1, fresh products each run) through
/// <see cref="EventHubProducerClient"/> (partition key = warehouse, property <c>device_id</c>, body = a JSON array of
/// events for distinct products at one warehouse); a sampler reads every load key through the API and counts applied
/// effects (the sum of <c>version</c>, which for fresh keys and only additions is the number of events applied).
/// Throughput = visible effects gained between two samples / the time between them. Latency probes are single events
/// on keys of their own, polled until visible.
/// </summary>
internal sealed class EndToEndBenchmark(BaselineSettings settings, StockApi api, ILogger logger)
{
    private const int MaxProbesInFlight = 64;
    private const int SamplerParallelism = 8;

    private readonly (string Warehouse, string Product)[] _keys = [.. settings.Warehouses.SelectMany(
        warehouse => Enumerable.Range(0, settings.ProductsPerWarehouse).Select(p => (warehouse, $"{settings.RunId}-p{p}")))];

    private readonly long[] _sentPerKey = new long[settings.Warehouses.Count * settings.ProductsPerWarehouse];
    private readonly long[] _productCursor = new long[settings.Warehouses.Count];
    private readonly List<VisibilitySample> _samples = [];
    private readonly Lock _latencyLock = new();
    private readonly LongHistogram _latencies = LatencySummary.NewHistogram();
    private readonly LongHistogram _pollRoundTrips = LatencySummary.NewHistogram();

    private long _sentTotal;
    private long _messages;
    private long _sendRetries;
    private long _visible;
    private long _scheduled;
    private long _loadStart;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _probesInWindow;
    private long _probesTimedOut;
    private long _probeErrors;
    private long _probesSkipped;
    private int _sampleErrors;

    public async Task<EndToEndResult> RunAsync(CancellationToken cancellation)
    {
        await api.EnsureReadyAsync(cancellation);
        await api.EnsureWarehousesAsync(cancellation);

        using var stopSampler = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // Cancelled only when the run ends early (failure): in-flight sends and probe polls are abandoned then.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await using var probeProducer = NewProducer();

        _loadStart = Stopwatch.GetTimestamp();
        var sampler = SampleLoopAsync(stopSampler.Token);
        var producers = Enumerable.Range(0, settings.Producers).Select(i => ProduceAsync(i, stopLoad.Token, abandon.Token)).ToArray();
        var probeTasks = new List<Task>();
        var prober = ProbeLoopAsync(probeProducer, probeTasks, stopLoad.Token, abandon.Token);
        var loadTasks = producers.Append(prober).ToArray();

        try
        {
            string? failure = await WarmUpAsync(producers, cancellation);
            if (failure is not null)
            {
                return new EndToEndResult { Failure = failure, Keys = _keys.Length, EventsSent = Interlocked.Read(ref _sentTotal) };
            }

            Log.EventsWindowStarting(logger, Durations.Format(settings.Duration));
            long windowStart = Stopwatch.GetTimestamp();
            Volatile.Write(ref _windowEnd, windowStart + ClosedLoop.Ticks(settings.Duration));
            Volatile.Write(ref _windowStart, windowStart);
            var first = await NextSampleAsync(windowStart, cancellation);
            await WaitUntilAsync(Volatile.Read(ref _windowEnd), producers, cancellation);
            var last = await NextSampleAsync(Volatile.Read(ref _windowEnd), cancellation);

            await stopLoad.CancelAsync();
            await Task.WhenAll(loadTasks);
            long sent = Interlocked.Read(ref _sentTotal);
            Log.EventsDraining(logger, sent - last.Visible);
            var (drained, drainTime, final) = await DrainAsync(cancellation);
            await Task.WhenAll(Snapshot(probeTasks));
            return Result(first, last, final, drained, drainTime);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await abandon.CancelAsync();
            await stopSampler.CancelAsync();
            await Task.WhenAll(loadTasks.Append(sampler).Concat(Snapshot(probeTasks))).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Sends through the warm-up and until the first effect is visible; a message when that never happens.</summary>
    private async Task<string?> WarmUpAsync(Task[] producers, CancellationToken cancellation)
    {
        long warmupEnd = _loadStart + ClosedLoop.Ticks(settings.Warmup);
        long deadline = _loadStart + ClosedLoop.Ticks(settings.Warmup > settings.VisibilityTimeout ? settings.Warmup : settings.VisibilityTimeout);
        long nextProgress = _loadStart;
        while (Stopwatch.GetTimestamp() < warmupEnd || Volatile.Read(ref _visible) == 0)
        {
            if (producers.FirstOrDefault(p => p.IsFaulted) is { } faulted)
            {
                return $"A producer failed to send to hub '{settings.EventHubName}': {faulted.Exception!.GetBaseException().Message}";
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                long sent = Interlocked.Read(ref _sentTotal);
                return sent == 0
                    ? $"No event could be sent to hub '{settings.EventHubName}' within {Durations.Format(settings.VisibilityTimeout)}; is the Event Hubs emulator running?"
                    : $"No event effect became visible through GET /api/stock/{{warehouse_id}}/{{product_id}} within " +
                      $"{Durations.Format(settings.VisibilityTimeout)} of the first send ({sent} events in {Interlocked.Read(ref _messages)} messages " +
                      $"were sent to hub '{settings.EventHubName}', {_keys.Length} keys read every {Durations.Format(settings.SampleInterval)}). " +
                      "The silos must consume the hub (Event Hubs stream -> stock grains); check their logs in .data/logs/.";
            }

            if (Stopwatch.GetTimestamp() >= nextProgress)
            {
                Log.EventsProgress(logger, Interlocked.Read(ref _sentTotal), Volatile.Read(ref _visible));
                nextProgress += Stopwatch.Frequency * 5;
            }

            await Task.Delay(50, cancellation);
        }

        return null;
    }

    private async Task WaitUntilAsync(long timestamp, Task[] producers, CancellationToken cancellation)
    {
        while (Stopwatch.GetTimestamp() < timestamp)
        {
            if (producers.FirstOrDefault(p => p.IsFaulted) is { } faulted)
            {
                throw new InvalidOperationException($"A producer failed during the window: {faulted.Exception!.GetBaseException().Message}");
            }

            await Task.Delay(50, cancellation);
        }
    }

    /// <summary>Waits until every sent event is visible, or until nothing more became visible for the visibility timeout.</summary>
    private async Task<(bool Drained, TimeSpan Time, VisibilitySample Final)> DrainAsync(CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        var sample = await NextSampleAsync(start, cancellation);
        long lastProgress = Stopwatch.GetTimestamp();
        long bestVisible = sample.Visible;
        while (!AllVisible(sample))
        {
            if (Stopwatch.GetElapsedTime(lastProgress) > settings.VisibilityTimeout)
            {
                return (false, Stopwatch.GetElapsedTime(start), sample);
            }

            sample = await NextSampleAsync(Stopwatch.GetTimestamp(), cancellation);
            if (sample.Visible > bestVisible)
            {
                bestVisible = sample.Visible;
                lastProgress = Stopwatch.GetTimestamp();
            }
        }

        return (true, Stopwatch.GetElapsedTime(start), sample);
    }

    private EventHubProducerClient NewProducer() => EventHubsSender.NewProducer(settings.EventHubsConnectionString, settings.EventHubName);

    private static Task[] Snapshot(List<Task> tasks)
    {
        lock (tasks)
        {
            return [.. tasks];
        }
    }

    private bool AllVisible(VisibilitySample sample)
    {
        for (int k = 0; k < _keys.Length; k++)
        {
            if (sample.Readings[k].Version < Interlocked.Read(ref _sentPerKey[k]))
            {
                return false;
            }
        }

        return true;
    }

    private EndToEndResult Result(VisibilitySample first, VisibilitySample last, VisibilitySample final, bool drained, TimeSpan drainTime)
    {
        var span = Stopwatch.GetElapsedTime(first.At, last.At);
        long missing = 0, extra = 0;
        int onHandMismatches = 0;
        for (int k = 0; k < _keys.Length; k++)
        {
            long expected = Interlocked.Read(ref _sentPerKey[k]);
            var reading = final.Readings[k];
            missing += Math.Max(0, expected - reading.Version);
            extra += Math.Max(0, reading.Version - expected);
            onHandMismatches += reading.OnHand == reading.Version ? 0 : 1;
        }

        VisibilitySample[] samples;
        lock (_samples)
        {
            samples = [.. _samples];
        }

        lock (_latencyLock)
        {
            return new EndToEndResult
            {
                Keys = _keys.Length,
                EventsPerSecond = (last.Visible - first.Visible) / span.TotalSeconds,
                MeasuredSpan = span,
                VisibleInWindow = last.Visible - first.Visible,
                SentInWindow = last.Sent - first.Sent,
                BacklogAtStart = first.Sent - first.Visible,
                BacklogAtEnd = last.Sent - last.Visible,
                EventsSent = Interlocked.Read(ref _sentTotal),
                MessagesSent = Interlocked.Read(ref _messages),
                SendRetries = Interlocked.Read(ref _sendRetries),
                Drained = drained,
                DrainTime = drainTime,
                MissingAtEnd = missing,
                ExtraAtEnd = extra,
                OnHandMismatches = onHandMismatches,
                Samples = samples.Length,
                SampleErrors = Volatile.Read(ref _sampleErrors),
                MeanSampleReadTime = TimeSpan.FromTicks((long)samples.Average(s => s.ReadTime.Ticks)),
                Latency = LatencySummary.From(_latencies),
                ProbesInWindow = Interlocked.Read(ref _probesInWindow),
                ProbesTimedOut = Interlocked.Read(ref _probesTimedOut),
                ProbeErrors = Interlocked.Read(ref _probeErrors),
                ProbesSkipped = Interlocked.Read(ref _probesSkipped),
                MedianPollRoundTripMs = _pollRoundTrips.TotalCount == 0 ? null : _pollRoundTrips.GetValueAtPercentile(50) / 1000.0,
            };
        }
    }

    private async Task ProduceAsync(int producerIndex, CancellationToken stop, CancellationToken abandon)
    {
        await using var producer = NewProducer();
        string deviceId = $"dev-{producerIndex}";
        var keyIndexes = new int[settings.BatchSize];
        long sequence = 0;
        for (int round = 0; !stop.IsCancellationRequested; round++)
        {
            if (!await WaitForTurnAsync(settings.BatchSize, stop))
            {
                return;
            }

            int w = (producerIndex + round) % settings.Warehouses.Count;
            string warehouse = settings.Warehouses[w];
            long cursor = Interlocked.Add(ref _productCursor[w], settings.BatchSize) - settings.BatchSize;
            var timestamp = DateTimeOffset.UtcNow;
            var events = new InventoryEvent[settings.BatchSize];
            for (int j = 0; j < events.Length; j++)
            {
                int product = (int)((cursor + j) % settings.ProductsPerWarehouse);
                keyIndexes[j] = (w * settings.ProductsPerWarehouse) + product;
                events[j] = new InventoryEvent(
                    $"{settings.RunId}-{producerIndex}-{sequence++}", InventoryEventType.ItemAdded, _keys[keyIndexes[j]].Product, warehouse,
                    1, timestamp, DeviceId: deviceId);
            }

            // Not cut off by the stop token: a send cut off midway might or might not have arrived, which would
            // make the expected counts uncertain. A failed send is repeated with the same event ids (exactly once).
            try
            {
                await SendAsync(producer, Body(events), warehouse, deviceId, abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                return;
            }

            foreach (int k in keyIndexes)
            {
                Interlocked.Increment(ref _sentPerKey[k]);
            }

            Interlocked.Add(ref _sentTotal, events.Length);
            Interlocked.Increment(ref _messages);
        }
    }

    private async Task SendAsync(EventHubProducerClient producer, ReadOnlyMemory<byte> body, string warehouse, string deviceId, CancellationToken abandon) =>
        Interlocked.Add(ref _sendRetries, await EventHubsSender.SendAsync(producer, body, warehouse, deviceId, logger, abandon));

    /// <summary>Paces to <c>--rate</c> (if set) and holds while the backlog of sent-but-not-visible events is over the cap.</summary>
    private async Task<bool> WaitForTurnAsync(int events, CancellationToken stop)
    {
        try
        {
            if (settings.Rate > 0)
            {
                long before = Interlocked.Add(ref _scheduled, events) - events;
                long due = _loadStart + (long)(before / settings.Rate * Stopwatch.Frequency);
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), stop);
                }
            }

            while (Interlocked.Read(ref _sentTotal) - Volatile.Read(ref _visible) > settings.MaxBacklog)
            {
                await Task.Delay(10, stop);
            }

            return !stop.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static ReadOnlyMemory<byte> Body(InventoryEvent[] events) => EventHubsSender.Body(events);

    private async Task SampleLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long started = Stopwatch.GetTimestamp();
            long sentBefore = Interlocked.Read(ref _sentTotal);
            try
            {
                var readings = new StockReading[_keys.Length];
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, _keys.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = SamplerParallelism, CancellationToken = stop },
                    async (k, ct) => readings[k] = await api.GetStockAsync(_keys[k].Warehouse, _keys[k].Product, ct));
                long ended = Stopwatch.GetTimestamp();
                long visible = readings.Sum(r => r.Version);
                // Reads take a while under load: sent and visible both stand for the middle of the read.
                long sent = (sentBefore + Interlocked.Read(ref _sentTotal)) / 2;
                var sample = new VisibilitySample(started + ((ended - started) / 2), started, Stopwatch.GetElapsedTime(started, ended),
                    visible, sent, readings);
                lock (_samples)
                {
                    _samples.Add(sample);
                }

                Volatile.Write(ref _visible, visible);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (!stop.IsCancellationRequested)
            {
                // The sampler must outlive a bad read: everything else waits on its samples.
                Interlocked.Increment(ref _sampleErrors);
                Log.SampleFailed(logger, error);
            }

            var rest = settings.SampleInterval - Stopwatch.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The first sample whose reads started at or after <paramref name="timestamp"/>.</summary>
    private async Task<VisibilitySample> NextSampleAsync(long timestamp, CancellationToken cancellation)
    {
        long giveUp = Stopwatch.GetTimestamp() + ClosedLoop.Ticks(settings.VisibilityTimeout);
        while (true)
        {
            lock (_samples)
            {
                if (_samples.Count > 0 && _samples[^1].StartedAt >= timestamp)
                {
                    return _samples[^1];
                }
            }

            if (Stopwatch.GetTimestamp() > giveUp)
            {
                throw new TimeoutException($"No successful read of the {_keys.Length} load keys through the API within {Durations.Format(settings.VisibilityTimeout)}.");
            }

            await Task.Delay(20, cancellation);
        }
    }

    private async Task ProbeLoopAsync(EventHubProducerClient producer, List<Task> probes, CancellationToken stop, CancellationToken abandon)
    {
        long period = (long)(Stopwatch.Frequency / settings.ProbeRate);
        long next = Stopwatch.GetTimestamp();
        int inFlight = 0;
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            long wait = next - Stopwatch.GetTimestamp();
            next += period;
            if (wait > 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }

            if (Volatile.Read(ref inFlight) >= MaxProbesInFlight)
            {
                Interlocked.Increment(ref _probesSkipped);
                continue;
            }

            Interlocked.Increment(ref inFlight);
            var probe = ProbeAsync(producer, n, abandon).ContinueWith(_ => Interlocked.Decrement(ref inFlight), TaskScheduler.Default);
            lock (probes)
            {
                probes.Add(probe);
            }
        }
    }

    /// <summary>Sends one probe and polls until it is visible or times out; <paramref name="abandon"/> ends the wait early.</summary>
    private async Task ProbeAsync(EventHubProducerClient producer, long n, CancellationToken abandon)
    {
        string warehouse = settings.Warehouses[(int)(n % settings.Warehouses.Count)];
        string product = $"{settings.RunId}-probe{n}";
        try
        {
            var probe = new InventoryEvent($"{settings.RunId}-probe-{n}", InventoryEventType.ItemAdded, product, warehouse, 1, DateTimeOffset.UtcNow, DeviceId: "probe");
            var body = Body([probe]);
            long sentAt = Stopwatch.GetTimestamp();
            await SendAsync(producer, body, warehouse, "probe", abandon);
            bool inWindow = sentAt >= Volatile.Read(ref _windowStart) && sentAt < Volatile.Read(ref _windowEnd);
            long deadline = sentAt + ClosedLoop.Ticks(settings.VisibilityTimeout);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                long pollStart = Stopwatch.GetTimestamp();
                var reading = await api.GetStockAsync(warehouse, product, abandon);
                long now = Stopwatch.GetTimestamp();
                // The window may have been set while this probe was in flight: judge membership by its send time.
                inWindow = sentAt >= Volatile.Read(ref _windowStart) && sentAt < Volatile.Read(ref _windowEnd);
                lock (_latencyLock)
                {
                    _pollRoundTrips.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(pollStart, now).TotalMicroseconds));
                    if (reading.Version >= 1 && inWindow)
                    {
                        _latencies.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds));
                    }
                }

                if (reading.Version >= 1)
                {
                    if (inWindow)
                    {
                        Interlocked.Increment(ref _probesInWindow);
                    }

                    return;
                }

                await Task.Delay(settings.PollInterval, abandon);
            }

            if (inWindow)
            {
                Interlocked.Increment(ref _probesInWindow);
                Interlocked.Increment(ref _probesTimedOut);
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
        }
        catch (Exception error) when (error is HttpRequestException or EventHubsException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            Interlocked.Increment(ref _probeErrors);
            Log.ProbeFailed(logger, error, product);
        }
    }
}
