namespace Orleans.Inventory.LoadTests;

/// <summary>Everything one baseline run is configured with; printed in the report so a run can be repeated.</summary>
internal sealed record BaselineSettings
{
    public required bool Quick { get; init; }
    public required bool RunEvents { get; init; }
    public required bool RunPing { get; init; }
    public required bool RunAzurite { get; init; }
    public required string RunId { get; init; }

    // Where the system listens: set from the command line by ConnectionOptions.Apply.
    public string? Label { get; init; }

    public int Silos { get; init; } = 1;
    public string Host { get; init; } = "127.0.0.1";
    public int HttpBasePort { get; init; } = 5080;
    public int GatewayBasePort { get; init; } = 30000;
    public string ClusterId { get; init; } = "";
    public string ServiceId { get; init; } = "";
    public string Profile { get; init; } = "";
    public string EventHubsConnectionString { get; init; } = "";
    public string EventHubName { get; init; } = "";
    public string StorageConnectionString { get; init; } = "";

    public required TimeSpan Warmup { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan VisibilityTimeout { get; init; }

    public required int Producers { get; init; }
    public required int BatchSize { get; init; }
    public required int ProductsPerWarehouse { get; init; }
    public required IReadOnlyList<string> Warehouses { get; init; }
    public required double Rate { get; init; }
    public required long MaxBacklog { get; init; }
    public required double ProbeRate { get; init; }
    public required TimeSpan PollInterval { get; init; }
    public required TimeSpan SampleInterval { get; init; }

    public required int PingConcurrency { get; init; }
    public required int UpsertConcurrency { get; init; }

    public string ReportDirectory { get; init; } = "";

    public Uri HttpBase(int silo) => new($"http://{Host}:{HttpBasePort + silo}/");

    public int GatewayPort(int silo) => GatewayBasePort + silo;
}
