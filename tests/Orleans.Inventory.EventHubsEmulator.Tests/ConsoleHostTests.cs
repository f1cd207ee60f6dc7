using System.Diagnostics;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class ConsoleHostTests
{
    [Fact]
    public async Task TheConsoleHostPrintsOneConnectionStringServesTheConfiguredHubAndStopsOnCtrlC()
    {
        // The host reads the repository's appsettings.json (linked into the output); only the port is overridden
        // on the command line, so the test does not depend on 5672 being free.
        // The CLI tells its child processes which dotnet runs them; fall back to the one on the PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Orleans.Inventory.EventHubsEmulator.dll"), "--EventHubsEmulator:Port=0" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var host = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
            string? connectionString = null;
            while (connectionString is null)
            {
                var line = await host.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"The host exited early: {await host.StandardError.ReadToEndAsync()}");
                lines.Add(line);
                if (line.StartsWith("Connection string: ", StringComparison.Ordinal))
                {
                    connectionString = line["Connection string: ".Length..];
                }
            }

            Assert.Matches(@"^Endpoint=sb://127\.0\.0\.1:\d+;SharedAccessKeyName=[^;]+;SharedAccessKey=[^;]+;UseDevelopmentEmulator=true$", connectionString);
            await using (var producer = new EventHubProducerClient(connectionString, "inventory"))
            {
                Assert.Equal(["0", "1", "2", "3"], await producer.GetPartitionIdsAsync(deadline.Token));
            }

            Interrupt(host);
            lines.AddRange((await host.StandardOutput.ReadToEndAsync(deadline.Token)).Split('\n'));
            await host.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, host.ExitCode);
            Assert.Single(lines, l => l.StartsWith("Connection string:", StringComparison.Ordinal));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    // Ctrl+C is SIGINT; .NET has no API to send it, so ask the system's kill.
    private static void Interrupt(Process host)
    {
        if (OperatingSystem.IsWindows())
        {
            host.Kill();
            return;
        }

        using var kill = Process.Start("kill", ["-INT", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
