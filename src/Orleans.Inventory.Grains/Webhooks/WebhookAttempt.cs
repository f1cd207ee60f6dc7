namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>How one HTTP attempt went.</summary>
/// <param name="StatusCode">The receiver's status, if it answered.</param>
/// <param name="Error">Why it failed, as the delivery history shows it to API callers: a status class (<c>HTTP 5xx</c>),
/// a timeout, a refused address or "no response", never what the receiver or the network said; null when it succeeded.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, if it sent one with a failure.</param>
/// <param name="Detail">What exactly happened (status, exception message), for the silo's log only.</param>
internal sealed record WebhookAttempt(int? StatusCode, string? Error, TimeSpan? RetryAfter, string? Detail = null)
{
    public bool Succeeded => Error is null;

    /// <summary>What the log says: <see cref="Detail"/> when there is one.</summary>
    public string LogText => Detail ?? Error ?? "delivered";
}
