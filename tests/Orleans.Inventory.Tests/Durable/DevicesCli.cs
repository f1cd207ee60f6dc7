using System.Diagnostics;
using System.Text;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>Runs the device simulator CLI (the build output of src/Orleans.Inventory.Devices) as its own process.</summary>
public sealed class DevicesCli
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevicesCli(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static DevicesCli Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Assembly());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the device simulator.");
        var cli = new DevicesCli(process);
        process.OutputDataReceived += (_, line) => cli.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => cli.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string Assembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "src", "Orleans.Inventory.Devices", "bin", configuration, "net10.0", "Orleans.Inventory.Devices.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The device simulator is not built at {path}.", path);
    }
}
