using System.Diagnostics;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>Runs the device simulator CLI (the build output of src/Orleans.Inventory.Devices) as its own process.</summary>
public sealed class DevicesCli
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private DevicesCli(Process process)
    {
        _process = process;
        _output = ProcessOutput.Of(process);
    }

    public string Output => _output.Text;

    public static DevicesCli Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the simulator with <paramref name="environment"/> added (its connection string goes there, never in the arguments).</summary>
    public static DevicesCli Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(RepositoryRoot.BuiltAssembly("Orleans.Inventory.Devices"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new DevicesCli(Process.Start(info) ?? throw new InvalidOperationException("Could not start the device simulator."));
    }

    /// <summary>Runs to the end and answers the exit code, failing with the output past the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The device simulator did not finish within {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }
}
