using System.CommandLine;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>The device simulator's command line: <c>simulate</c>, <c>verify</c> and <c>token</c>.</summary>
internal static class DevicesCommandLine
{
    public static RootCommand Create() => new("Orleans.Inventory device simulator: send inventory events to Event Hubs and verify the result")
    {
        SimulateCommand.Create(),
        VerifyCommand.Create(),
        TokenCommand.Create(),
    };
}
