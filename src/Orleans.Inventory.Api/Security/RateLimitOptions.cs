namespace Orleans.Inventory.Api.Security;

/// <summary>
/// Requests per principal (the token's subject; without a token, the remote IP address): a token bucket of
/// <see cref="Burst"/> requests refilled at <see cref="RequestsPerSecond"/>. Past it a request is answered 429 with
/// <c>Retry-After</c>. Health and metrics are not limited. Bound from <c>Inventory:RateLimits</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Inventory:RateLimits";

    /// <summary>Off only for benchmarks that measure the cluster, not the edge.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a principal may make per second, sustained.</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a principal may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 400;
}
