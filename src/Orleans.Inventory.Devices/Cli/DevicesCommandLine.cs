using System.CommandLine;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>The device simulator's command line: <c>simulate</c>, <c>verify</c> and <c>token</c>.</summary>
internal static class DevicesCommandLine
{
    public static RootCommand Create() => Create(Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    public static RootCommand Create(Func<string, string?> environment) => new("Orleans.Inventory device simulator: send inventory events to Event Hubs and verify the result")
    {
        SimulateCommand.Create(environment),
        VerifyCommand.Create(),
        TokenCommand.Create(),
    };
}
