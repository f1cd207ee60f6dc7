namespace Orleans.Inventory.LoadTests;

/// <summary>What a closed-loop measurement saw: operations that completed inside the window, and errors.</summary>
internal sealed record LoadResult(int Concurrency, TimeSpan Window, long Completed, long Errors, string? FirstError, LatencySummary? Latency)
{
    public double PerSecond => Completed / Window.TotalSeconds;
}
