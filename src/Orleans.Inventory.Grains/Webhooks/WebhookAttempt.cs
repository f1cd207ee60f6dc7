namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>How one HTTP attempt went.</summary>
/// <param name="StatusCode">The receiver's status, if it answered.</param>
/// <param name="Error">Why it failed; null when it succeeded.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, if it sent one with a failure.</param>
internal sealed record WebhookAttempt(int? StatusCode, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => Error is null;
}
