using System.Diagnostics;
using System.Net.Sockets;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// Makes sure Azurite answers on 127.0.0.1:10002, once per test process, whichever fixture asks first. Under
/// <c>CI=true</c> a missing Azurite fails the test with a message (CI starts it); elsewhere it is started from the
/// repository's node_modules (after <c>npm ci</c> if they are missing) with a temporary location, and stopped when
/// the test process exits.
/// </summary>
public static class AzuriteProcess
{
    public const int TablePort = 10002;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Process? _started;

    public static async Task EnsureRunningAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (await AnswersAsync())
            {
                return;
            }

            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Azurite is missing: nothing answers on 127.0.0.1:{TablePort}. CI must start it (.ci/run does: npm ci, then node_modules/.bin/azurite).");
            }

            await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task StartAsync()
    {
        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", root, TimeSpan.FromMinutes(5));
        }

        // One fixed folder, wiped at start: nothing answered on the port, so no Azurite is using it, and a run that
        // ended without cleaning up leaves nothing behind for long.
        var location = Path.Combine(Path.GetTempPath(), "orleans-inventory-azurite-tests");
        if (Directory.Exists(location))
        {
            Directory.Delete(location, recursive: true);
        }

        Directory.CreateDirectory(location);
        var process = Process.Start(new ProcessStartInfo(azurite)
        {
            ArgumentList = { "--silent", "--disableTelemetry", "--location", location, "--skipApiVersionCheck", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {azurite}.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _started = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(location);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await AnswersAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                lock (output)
                {
                    throw new InvalidOperationException(
                        $"Azurite ({azurite}) did not answer on port {TablePort} (exited: {process.HasExited}). Its output:\n{output}");
                }
            }

            await Task.Delay(200);
        }
    }

    private static void Stop(string location)
    {
        if (_started is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        try
        {
            Directory.Delete(location, recursive: true);
        }
        catch (IOException)
        {
            // Temporary files of this run only; the OS cleans its temp folder.
        }
    }

    private static async Task<bool> AnswersAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", TablePort).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string command, string arguments, string directory, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {arguments} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
