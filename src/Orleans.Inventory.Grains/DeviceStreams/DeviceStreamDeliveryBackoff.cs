using Orleans.Runtime.Providers;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// How long the pulling agent waits before it delivers a failed batch again: <see cref="DeviceStreamOptions.RetryDelay"/>,
/// doubling per attempt up to <see cref="DeviceStreamOptions.MaxRetryDelay"/>, with up to 20% jitter so the
/// streams of a partition do not retry in step.
/// </summary>
internal sealed class DeviceStreamDeliveryBackoff(DeviceStreamOptions options) : IMessageDeliveryBackoffProvider
{
    public TimeSpan Next(int attempt)
    {
        var delay = options.RetryDelay * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var capped = delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
