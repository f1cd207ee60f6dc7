namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Everything one phase of a suite run is configured with (printed per scenario in the report). <see cref="Baseline"/>
/// carries the connection settings and the ping/Azurite settings the baseline measurements already use.
/// </summary>
internal sealed record SuiteSettings
{
    /// <summary>Every scenario, in the order the phases run them.</summary>
    public static readonly string[] AllScenarios = ["peer", "ping", "azurite", "ingest", "burst", "http", "get", "hotkey", "region", "visible", "overload", "catalog"];

    public required BaselineSettings Baseline { get; init; }
    public required string Phase { get; init; }
    public required IReadOnlySet<string> Scenarios { get; init; }
    public required string ResultsFile { get; init; }
    public string? LogDirectory { get; init; }
    public int? SiloPid { get; init; }

    public required int Devices { get; init; }
    public required int Senders { get; init; }
    public required int EventsPerMessage { get; init; }
    public required int Keys { get; init; }
    public required double ZipfSkew { get; init; }
    public required int Seed { get; init; }
    public required long MaxBacklog { get; init; }
    public required TimeSpan DrainStall { get; init; }
    public required TimeSpan DrainLimit { get; init; }

    public required int BurstEvents { get; init; }
    public required int BurstDevices { get; init; }
    public required int HttpCallers { get; init; }
    public required int HttpBatch { get; init; }
    public required int HotKeyCallers { get; init; }
    public required int GetCallers { get; init; }
    public required double LoadFraction { get; init; }
    public required double? MaxRate { get; init; }
    public required double OverloadFactor { get; init; }
    public required TimeSpan OverloadDuration { get; init; }
    public required double LogBudgetBytesPerSecond { get; init; }
    public required TimeSpan ResponsiveP99 { get; init; }

    public required int CatalogRecords { get; init; }
    public required int CatalogWarehouses { get; init; }
    public required int CatalogConcurrency { get; init; }
    public required TimeSpan CatalogTimeout { get; init; }

    public required int PeerClients { get; init; }
    public required TimeSpan PeerDuration { get; init; }
    public required int PeerRows { get; init; }
    public required string PostgresBin { get; init; }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);
}
