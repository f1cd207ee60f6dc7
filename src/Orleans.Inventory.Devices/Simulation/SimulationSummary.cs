using System.Globalization;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>What a run did; also the last line of the sent file.</summary>
internal sealed record SimulationSummary(
    string RunId,
    int Seed,
    long EventsSent,
    long Duplicates,
    long OutOfOrder,
    long MalformedItems,
    long Messages,
    long FailedSends,
    long UnconfirmedMessages,
    TimeSpan Elapsed)
{
    public double Rate => Elapsed > TimeSpan.Zero ? EventsSent / Elapsed.TotalSeconds : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"simulate: {EventsSent} events sent ({Duplicates} duplicates, {OutOfOrder} out-of-order), {MalformedItems} malformed items, " +
        $"{Messages} messages, {FailedSends} failed sends ({UnconfirmedMessages} messages unconfirmed), {Elapsed.TotalSeconds:F1} s, " +
        $"{Rate:F0} events/s; seed {Seed}, run {RunId}");
}
