using System.CommandLine;

namespace Orleans.Inventory.LoadTests;

/// <summary>The options that say where the system under test listens, shared by the baseline and the suite commands.</summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Label { get; } = new("--label") { Description = "Free text for the report (e.g. the commit measured)." };
    public Option<int> Silos { get; } = BaselineCommand.IntOption("--silos", "Silos of the running local stack (HTTP 5080+i, gateway 30000+i).", 2, 1);
    public Option<string> Host { get; } = new("--host") { Description = "Address of the silos, Azurite and the emulator.", DefaultValueFactory = _ => "127.0.0.1" };
    public Option<int> HttpBasePort { get; } = BaselineCommand.IntOption("--http-base-port", "HTTP API port of silo 0.", 5080, 1);
    public Option<int> GatewayBasePort { get; } = BaselineCommand.IntOption("--gateway-base-port", "Orleans gateway port of silo 0.", 30000, 1);
    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Orleans ClusterId of the silos.", DefaultValueFactory = _ => "inventory-local" };
    public Option<string> ServiceId { get; } = new("--service-id") { Description = "Orleans ServiceId of the silos.", DefaultValueFactory = _ => "orleans-inventory" };
    public Option<string> Profile { get; } = new("--profile") { Description = "Deployment profile of the silos (reported only).", DefaultValueFactory = _ => "Local" };

    public Option<string> EventHubs { get; } = new("--eventhubs")
    {
        Description = "Event Hubs connection string.",
        DefaultValueFactory = _ => "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true",
    };

    public Option<string> Hub { get; } = new("--hub") { Description = "Event hub name.", DefaultValueFactory = _ => "inventory" };
    public Option<string> Storage { get; } = new("--storage") { Description = "Azure Table storage connection string.", DefaultValueFactory = _ => "UseDevelopmentStorage=true" };
    public Option<string> ReportDirectory { get; } = new("--report-dir") { Description = "Where the markdown report goes.", DefaultValueFactory = _ => Path.Combine("load-tests", "reports") };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Label, Silos, Host, HttpBasePort, GatewayBasePort, ClusterId, ServiceId, Profile, EventHubs, Hub, Storage, ReportDirectory })
        {
            command.Options.Add(option);
        }
    }

    /// <summary><paramref name="settings"/> with where the system listens, as the command line says.</summary>
    public BaselineSettings Apply(ParseResult parse, BaselineSettings settings) => settings with
    {
        Label = parse.GetValue(Label),
        Silos = parse.GetValue(Silos),
        Host = parse.GetValue(Host)!,
        HttpBasePort = parse.GetValue(HttpBasePort),
        GatewayBasePort = parse.GetValue(GatewayBasePort),
        ClusterId = parse.GetValue(ClusterId)!,
        ServiceId = parse.GetValue(ServiceId)!,
        Profile = parse.GetValue(Profile)!,
        EventHubsConnectionString = parse.GetValue(EventHubs)!,
        EventHubName = parse.GetValue(Hub)!,
        StorageConnectionString = parse.GetValue(Storage)!,
        ReportDirectory = parse.GetValue(ReportDirectory)!,
    };

    /// <summary>The value of <paramref name="option"/>, or <paramref name="quickValue"/> in a <c>--quick</c> run when the option was not given.</summary>
    public static T Pick<T>(ParseResult parse, bool quick, Option<T> option, T quickValue) =>
        quick && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;
}
