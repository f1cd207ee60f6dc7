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

    public IEnumerable<Option> All => [Label, Silos, Host, HttpBasePort, GatewayBasePort, ClusterId, ServiceId, Profile, EventHubs, Hub, Storage, ReportDirectory];
}
