using System.CommandLine;
using Orleans.Inventory.Devices.Cli;

namespace Orleans.Inventory.Devices.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--duplicate-rate", "2")]
    [InlineData("--events", "0")]
    [InlineData("--batch-size", "0")]
    [InlineData("--warehouses", "warehouse/A")]
    [InlineData("--duration", "10s")]
    public async Task ABadSimulateOptionIsRefusedNamingIt(string option, string value)
    {
        var (exitCode, output) = await InvokeAsync("simulate", option, value, "--out", Path.Combine(Path.GetTempPath(), "never-written.jsonl"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 10.0, 100.0, 1000L)]
    [InlineData(500L, 10.0, 100.0, 500L)]
    [InlineData(5000L, null, 100.0, 5000L)]
    [InlineData(null, null, null, 1000L)]
    public void TheRunEndsAtTheEventCountOrTheDurationWhicheverComesFirst(long? events, double? seconds, double? rate, long expected)
    {
        var options = new Simulation.SimulationOptions { Events = events, Duration = seconds is { } s ? TimeSpan.FromSeconds(s) : null, Rate = rate };

        Assert.Equal(expected, options.TargetEvents);
    }

    [Fact]
    public async Task AnUnreadableDurationIsRefusedNamingTheOption()
    {
        var (exitCode, output) = await InvokeAsync("verify", "--sent", "x.jsonl", "--wait", "soon");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--wait: 'soon' is not a duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadableCaCertificateIsRefusedNamingTheOptionAndTheFile()
    {
        var sent = Path.GetTempFileName();
        var missing = Path.Combine(Path.GetTempPath(), $"missing-ca-{Guid.NewGuid():N}.pem");
        try
        {
            var (exitCode, output) = await InvokeAsync("verify", "--sent", sent, "--api", "https://127.0.0.1:1", "--ca-certificate", missing);

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"--ca-certificate: '{missing}' could not be read as PEM certificates", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(sent);
        }
    }

    private static async Task<(int ExitCode, string Output)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DevicesCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error);
    }
}
