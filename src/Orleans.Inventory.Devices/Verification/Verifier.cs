using Orleans.Inventory.Devices.SentFiles;

namespace Orleans.Inventory.Devices.Verification;

/// <summary>
/// Checks a run's effect through the HTTP API: every product at warehouse the run touched against the model, and the
/// dead-letter total (minus the baseline) against the malformed items sent. With a wait, re-reads what does not
/// match yet until it does or the deadline passes.
/// </summary>
internal sealed class Verifier(InventoryApiClient api, TextWriter output, TimeProvider time)
{
    public async Task<VerifyResult> RunAsync(VerifyOptions options, CancellationToken cancellationToken)
    {
        var run = await SentFileReader.ReadAsync(options.SentPath, cancellationToken);
        var expected = ExpectedStock.From(run, time.GetUtcNow());
        foreach (var refusal in expected.Refused)
        {
            await output.WriteLineAsync($"warning: an event the file records as valid is refused by the parser now: {refusal}");
        }

        if (expected.UnconfirmedEvents > 0)
        {
            await output.WriteLineAsync(
                $"warning: {expected.UnconfirmedEvents} events were not confirmed sent; they are left out of the expectation, so their keys may differ");
        }

        await output.WriteLineAsync(
            $"verify: {expected.Records.Count} products from {run.Events.Count} event copies; {expected.MalformedItems} dead letters expected " +
            $"({expected.NotJsonMessages} non-JSON messages, {expected.MalformedItems - expected.NotJsonMessages} invalid array elements)");
        var deadline = time.GetUtcNow() + options.Wait;
        var pending = expected.Records.Keys.OrderBy(k => k.WarehouseId, StringComparer.Ordinal).ThenBy(k => k.ProductId, StringComparer.Ordinal).ToList();
        var mismatches = new List<Mismatch>();
        long? deadLetters = null;
        string? deadLetterError = null;
        var expectedDeadLetters = expected.MalformedItems;
        while (true)
        {
            mismatches = await CheckAsync(pending, expected, options.Parallelism, cancellationToken);
            (deadLetters, deadLetterError) = await ReadDeadLettersAsync(options.DeadLetterBaseline, cancellationToken);
            if ((mismatches.Count == 0 && deadLetters == expectedDeadLetters) || time.GetUtcNow() >= deadline)
            {
                break;
            }

            pending = [.. mismatches.Select(m => m.Key)];
            await Task.Delay(options.RecheckInterval, time, cancellationToken);
        }

        foreach (var mismatch in mismatches)
        {
            await output.WriteLineAsync(mismatch.ToString());
        }

        var result = new VerifyResult(expected.Records.Count, mismatches, deadLetters, expectedDeadLetters, deadLetterError);
        await output.WriteLineAsync(result.ToString());
        return result;
    }

    private async Task<List<Mismatch>> CheckAsync(
        IReadOnlyList<StockKey> keys, ExpectedStock expected, int parallelism, CancellationToken cancellationToken)
    {
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<Mismatch>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (key, token) =>
            {
                var actual = await api.GetStockAsync(key, token);
                var record = expected.Records[key];
                if (!actual.Matches(record))
                {
                    mismatches.Add(new Mismatch(key, record, actual));
                }
            });
        return [.. mismatches.OrderBy(m => m.Key.WarehouseId, StringComparer.Ordinal).ThenBy(m => m.Key.ProductId, StringComparer.Ordinal)];
    }

    private async Task<(long? Count, string? Error)> ReadDeadLettersAsync(long baseline, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.GetDeadLetterTotalAsync(cancellationToken) - baseline, null);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, $"GET /api/dead-letters failed: {e.Message}");
        }
    }
}
