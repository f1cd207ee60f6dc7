using Orleans.Inventory.Devices.Simulation;

namespace Orleans.Inventory.Devices.Tests.Infrastructure;

/// <summary>Options for a small, fixed run; each test says what it changes.</summary>
internal static class TestRuns
{
    public static readonly DateTimeOffset StartTime = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static SimulationOptions Options(int seed, string runId = "t1") => new()
    {
        Seed = seed,
        RunId = runId,
        StartTime = StartTime,
        Events = 2000,
        Products = 50,
        Devices = 6,
        BatchSize = 8,
        DuplicateRate = 0.05,
        OutOfOrderRate = 0.05,
        MalformedRate = 0.05,
    };

    /// <summary>Every message of a run of <paramref name="options"/>, planned without sending.</summary>
    public static List<PlannedMessage> Plan(SimulationOptions options)
    {
        var generator = new EventGenerator(options, options.StartTime ?? StartTime);
        var messages = new List<PlannedMessage>();
        while (generator.EventCopies < options.TargetEvents)
        {
            messages.Add(generator.Next(options.TargetEvents - generator.EventCopies));
        }

        return messages;
    }

    public static string TempFile() => Path.Combine(Path.GetTempPath(), $"devices-test-{Guid.NewGuid():N}.jsonl");
}
