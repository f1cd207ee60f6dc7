namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline (never a bare sleep for synchronization).</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met before the deadline: {what ?? "(unnamed)"}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
