using System.Diagnostics;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>
/// The emulator must serve the official SDKs, not only the .NET one: the JavaScript SDK (rhea underneath)
/// names links and management replies its own way. Needs node and npm; a missing one fails the test.
/// </summary>
public sealed class JavaScriptSdkTests
{
    [Fact]
    [Trait("Category", "CrossSdk")]
    public async Task TheJavaScriptSdkPublishesReadsReadsPropertiesAndIsRefusedAWrongKey()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var directory = Path.Combine(AppContext.BaseDirectory, "JsSdk");

        var install = await RunAsync("npm", directory, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        Assert.True(install.ExitCode == 0, $"npm ci failed:\n{install.Output}");

        var check = await RunAsync("node", directory, "check.mjs", emulator.ConnectionString);
        Assert.True(check.ExitCode == 0, $"The JavaScript SDK check failed:\n{check.Output}");
        Assert.Contains("js-sdk-check: ok", check.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output + await error);
    }
}
