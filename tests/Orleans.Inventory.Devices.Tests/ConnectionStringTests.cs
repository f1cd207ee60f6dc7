using System.CommandLine;
using Orleans.Inventory.Devices.Cli;
using Orleans.Inventory.Devices.SentFiles;
using Orleans.Inventory.Devices.Simulation;
using Orleans.Inventory.Devices.Tests.Infrastructure;

namespace Orleans.Inventory.Devices.Tests;

/// <summary>
/// <c>simulate</c> reads its Event Hubs connection string from <c>INVENTORY_EVENTHUBS_CONNECTION_STRING</c> or
/// <c>--connection-string-file</c>, never from a command-line value; without either, the loopback development emulator.
/// </summary>
public sealed class ConnectionStringTests : IAsyncLifetime
{
    private const string Variable = SimulateCommand.ConnectionStringVariable;
    private readonly string _sentFile = TestRuns.TempFile();
    private readonly string _secretFile = TestRuns.TempFile();
    private InProcessEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await InProcessEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        File.Delete(_sentFile);
        File.Delete(_secretFile);
    }

    [Fact]
    public async Task SimulateSendsToTheHubTheEnvironmentVariableNames()
    {
        var (exitCode, output) = await InvokeAsync(Environment(_emulator.ConnectionString), Run());

        Assert.Equal(0, exitCode);
        Assert.Contains($"connection string from ${Variable}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_emulator.ConnectionString, output, StringComparison.Ordinal);
        Assert.All((await SentFileReader.ReadAsync(_sentFile)).Events, e => Assert.True(e.Confirmed));
    }

    [Fact]
    public async Task SimulateSendsToTheHubTheConnectionStringFileNamesAndTheFileWinsOverTheVariable()
    {
        await File.WriteAllTextAsync(_secretFile, _emulator.ConnectionString + "\n");

        var (exitCode, output) = await InvokeAsync(
            Environment("Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=x;SharedAccessKey=y;UseDevelopmentEmulator=true"),
            [.. Run(), "--connection-string-file", _secretFile]);

        Assert.Equal(0, exitCode);
        Assert.Contains($"connection string from --connection-string-file {_secretFile}", output, StringComparison.Ordinal);
        Assert.All((await SentFileReader.ReadAsync(_sentFile)).Events, e => Assert.True(e.Confirmed));
    }

    [Fact]
    public async Task AMissingConnectionStringFileIsRefusedNamingTheOptionAndThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-secret-" + Guid.NewGuid().ToString("N"));

        var (exitCode, output) = await InvokeAsync(Environment(null), [.. Run(), "--connection-string-file", missing]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--connection-string-file: '{missing}' does not exist", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_sentFile));
    }

    [Fact]
    public async Task AnEmptyConnectionStringFileIsRefusedAndTheVariableIsNotUsedInstead()
    {
        await File.WriteAllTextAsync(_secretFile, "  \n");

        var (exitCode, output) = await InvokeAsync(Environment(_emulator.ConnectionString), [.. Run(), "--connection-string-file", _secretFile]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--connection-string-file: '{_secretFile}' is empty", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_sentFile));
    }

    [Fact]
    public async Task AConnectionStringThatDoesNotParseIsRefusedNamingWhereItCameFromNotItsValue()
    {
        var (exitCode, output) = await InvokeAsync(Environment("not-a-connection-string-SECRETISH"), Run());

        Assert.Equal(2, exitCode);
        Assert.Contains($"${Variable}: not an Event Hubs connection string", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETISH", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNeitherTheVariableNorAFileTheSimulatorUsesTheLoopbackDevelopmentEmulator()
    {
        var resolved = SimulateCommand.ResolveConnection(file: null, Environment(null));

        Assert.Null(resolved.Error);
        Assert.Equal(SimulationOptions.EmulatorConnectionString, resolved.Value);
        Assert.Equal("the development default", resolved.Source);
        Assert.StartsWith("Endpoint=sb://127.0.0.1:5672;", resolved.Value, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentEmulator=true", resolved.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOldConnectionOptionIsRefusedAndNothingIsSent()
    {
        var (exitCode, output) = await InvokeAsync(Environment(_emulator.ConnectionString), [.. Run(), "--connection", _emulator.ConnectionString]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--connection", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_sentFile));
    }

    [Fact]
    public async Task ABadOptionIsReportedBeforeAMissingConnectionStringFile()
    {
        var (exitCode, output) = await InvokeAsync(Environment(null), ["simulate", "--events", "0", "--connection-string-file", "/nonexistent/secret", "--out", _sentFile]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--events", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--connection-string-file", output, StringComparison.Ordinal);
    }

    private string[] Run() =>
        ["simulate", "--hub", InProcessEmulator.Hub, "--events", "20", "--seed", "7", "--out", _sentFile, "--max-retries", "1"];

    private static Func<string, string?> Environment(string? connectionString) =>
        name => name == Variable ? connectionString : null;

    private static async Task<(int ExitCode, string Output)> InvokeAsync(Func<string, string?> environment, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DevicesCommandLine.Create(environment).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error);
    }
}
