namespace Orleans.Inventory.LoadTests;

/// <summary>Puts a closed-loop baseline (ping, Azurite upserts) into a suite result.</summary>
internal static class Baselines
{
    public static void Record(ScenarioResult result, LoadResult load, string unit)
    {
        result.Model = $"closed, {load.Concurrency} callers, window {Durations.Format(load.Window)}";
        result.Figures["per_second"] = load.PerSecond;
        result.Figures["completed"] = load.Completed;
        result.Figures["errors"] = load.Errors;
        if (load.Latency is { } latency)
        {
            result.Latencies[$"per {unit[..^1]}"] = latency;
        }

        if (load.Completed == 0)
        {
            result.Failure = $"no {unit} completed in the window{(load.FirstError is { } e ? $" (first error: {e})" : "")}";
        }
        else if (load.FirstError is { } first)
        {
            result.Notes.Add($"{load.Errors} errors; first: {first}");
        }
    }
}
