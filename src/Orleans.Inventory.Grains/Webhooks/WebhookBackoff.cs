namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>Exponential backoff with jitter: initial × 2^(failures − 1), ±20%, at most the maximum.</summary>
internal static class WebhookBackoff
{
    private const double Jitter = 0.2;

    /// <param name="failures">Failed attempts so far (1 after the first failure).</param>
    /// <param name="random">A uniform number in [0, 1): spreads retries of many webhooks that failed together.</param>
    /// <param name="retryAfter">The receiver's <c>Retry-After</c>: honoured up to the maximum, never shortening the wait.</param>
    public static TimeSpan Delay(int failures, WebhookOptions options, double random, TimeSpan? retryAfter = null)
    {
        // Capping the exponent first keeps the doubling from overflowing after many failures.
        var doubled = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(doubled, options.MaxBackoff.TotalMilliseconds);
        var jittered = Math.Min(capped * (1 - Jitter + (2 * Jitter * random)), options.MaxBackoff.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(jittered);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < options.MaxBackoff ? asked : options.MaxBackoff;
        }

        return delay;
    }
}
