using Orleans.Inventory.Events;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>What one <c>simulate</c> run sends; every check names the command-line option at fault.</summary>
internal sealed record SimulationOptions
{
    /// <summary>
    /// The local emulator of the embedded profile on loopback, with its committed development key for devices (Send only,
    /// not a secret): simulate mints each device its own publisher token with it.
    /// </summary>
    public const string EmulatorConnectionString =
        "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=devices;SharedAccessKey=DEVELOPMENT-ONLY-devices-send-key-not-a-secret;UseDevelopmentEmulator=true";

    public const long DefaultEvents = 1000;

    public string ConnectionString { get; init; } = EmulatorConnectionString;

    public string Hub { get; init; } = "inventory";

    /// <summary>Event copies to send (new events and duplicates; malformed items come on top). Null: from duration × rate.</summary>
    public long? Events { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Events per second; null sends as fast as the hub takes them.</summary>
    public double? Rate { get; init; }

    public int Devices { get; init; } = 12;

    public IReadOnlyList<string> Warehouses { get; init; } = ["warehouse_A", "warehouse_B", "warehouse_C"];

    public int Products { get; init; } = 200;

    /// <summary>Zipf exponent of product popularity; 0 is uniform.</summary>
    public double Skew { get; init; } = 1.0;

    /// <summary>The most events one message carries (an array when more than one).</summary>
    public int BatchSize { get; init; } = 10;

    public double DuplicateRate { get; init; } = 0.02;

    public double OutOfOrderRate { get; init; } = 0.02;

    public double MalformedRate { get; init; } = 0.01;

    /// <summary>Share of new events that are an absolute count (<c>stock_counted</c>).</summary>
    public double CountRate { get; init; } = 0.03;

    public int Seed { get; init; }

    /// <summary>Prefix of every event id (<c>{run-id}-{n}</c>).</summary>
    public string RunId { get; init; } = "run";

    public DateTimeOffset? StartTime { get; init; }

    public string OutputPath { get; init; } = "sent.jsonl";

    /// <summary>At most this many messages of one warehouse go in one send (one EventDataBatch).</summary>
    public int MessagesPerSend { get; init; } = 32;

    /// <summary>Sends in flight at once.</summary>
    public int Senders { get; init; } = 4;

    public int MaxRetries { get; init; } = 3;

    /// <summary>How long each device's publisher token is valid; a device gets a fresh one when a quarter of it is left.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The number of event copies the run sends: <see cref="Events"/> or duration × rate, whichever ends first.</summary>
    public long TargetEvents
    {
        get
        {
            long? byDuration = Duration is { } duration && Rate is { } rate ? (long)Math.Ceiling(duration.TotalSeconds * rate) : null;
            return (Events, byDuration) switch
            {
                ({ } events, { } timed) => Math.Min(events, timed),
                ({ } events, null) => events,
                (null, { } timed) => timed,
                _ => DefaultEvents,
            };
        }
    }

    /// <summary>Every problem, each naming its option; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Hub))
        {
            errors.Add("--hub: must not be empty");
        }

        if (Events is < 1)
        {
            errors.Add($"--events: must be at least 1, got {Events}");
        }

        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            errors.Add($"--duration: must be positive, got {duration}");
        }

        if (Rate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            errors.Add($"--rate: must be a positive number of events per second, got {rate}");
        }

        if (Duration is not null && Rate is null)
        {
            errors.Add("--duration: needs --rate (events per second) to know how many events to send");
        }

        CheckAtLeastOne(errors, "--devices", Devices);
        CheckAtLeastOne(errors, "--products", Products);
        CheckAtLeastOne(errors, "--batch-size", BatchSize);
        CheckAtLeastOne(errors, "--messages-per-send", MessagesPerSend);
        CheckAtLeastOne(errors, "--senders", Senders);
        if (MaxRetries < 0)
        {
            errors.Add($"--max-retries: must be 0 or more, got {MaxRetries}");
        }

        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"--token-lifetime: must be from 1 minute to 30 days, got {TokenLifetime}");
        }

        if (Warehouses.Count == 0)
        {
            errors.Add("--warehouses: name at least one warehouse id");
        }

        foreach (var warehouse in Warehouses.Where(w => !IdRules.IsValid(w)))
        {
            errors.Add($"--warehouses: '{warehouse}' is not a valid id (1 to {IdRules.MaxLength} of {IdRules.Alphabet})");
        }

        if (Warehouses.Count > Devices)
        {
            errors.Add($"--devices: {Devices} devices cannot cover {Warehouses.Count} warehouses (each device stands in one)");
        }

        if (!double.IsFinite(Skew) || Skew < 0)
        {
            errors.Add($"--skew: must be 0 (uniform) or more, got {Skew}");
        }

        CheckRate(errors, "--duplicate-rate", DuplicateRate);
        CheckRate(errors, "--out-of-order-rate", OutOfOrderRate);
        CheckRate(errors, "--malformed-rate", MalformedRate);
        CheckRate(errors, "--count-rate", CountRate);
        if (!IdRules.IsValid(RunId) || RunId.Length > 64)
        {
            errors.Add($"--run-id: '{RunId}' must be 1 to 64 of {IdRules.Alphabet}");
        }

        if (string.IsNullOrWhiteSpace(OutputPath))
        {
            errors.Add("--out: must name a file");
        }

        return errors;
    }

    private static void CheckAtLeastOne(List<string> errors, string option, int value)
    {
        if (value < 1)
        {
            errors.Add($"{option}: must be at least 1, got {value}");
        }
    }

    private static void CheckRate(List<string> errors, string option, double value)
    {
        if (!double.IsFinite(value) || value is < 0 or > 1)
        {
            errors.Add($"{option}: must be a fraction from 0 to 1, got {value}");
        }
    }
}
