namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>
/// Configuration of the local Event Hubs emulator, bound from the <c>EventHubsEmulator</c> section.
/// The emulator is a development and test tool, not a production broker.
/// </summary>
public sealed class EventHubsEmulatorOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "EventHubsEmulator";

    /// <summary>The address to listen on; keep it a loopback address (the emulator is for development and tests).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port to listen on; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 5672;

    /// <summary>Where the partition logs live; empty keeps every event in memory only.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The event hubs served, with their partition counts and consumer groups.</summary>
    public List<EmulatedEventHubOptions> Hubs { get; set; } = [];

    /// <summary>The shared access keys that sign the SAS tokens clients present.</summary>
    public List<SharedAccessKeyOptions> SharedAccessKeys { get; set; } = [];

    /// <summary>The largest AMQP message (a single event or a whole batch) accepted, as on the Standard tier.</summary>
    public int MaxMessageSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// When true (the default) a publish is settled only after the appended events are flushed to the disk;
    /// when false, after they are written to the operating system, which survives a crash of the emulator
    /// but not of the machine.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>How many events each partition keeps at most; 0 keeps them all.</summary>
    public long RetentionMaxEventsPerPartition { get; set; }

    /// <summary>How long an event is kept; unset keeps events forever.</summary>
    public TimeSpan? RetentionPeriod { get; set; }

    /// <summary>AMQPS (TLS) instead of plain AMQP; off by default.</summary>
    public EmulatorTlsOptions Tls { get; set; } = new();

    /// <summary>Checks the options and returns one reason per problem, naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)
            || (!Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(Host, out _)))
        {
            errors.Add($"{nameof(Host)} must be an IP address or 'localhost', was '{Host}'.");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be between 0 and 65535, was {Port}.");
        }

        if (MaxMessageSizeBytes < 1024)
        {
            errors.Add($"{nameof(MaxMessageSizeBytes)} must be at least 1024, was {MaxMessageSizeBytes}.");
        }

        if (RetentionMaxEventsPerPartition < 0)
        {
            errors.Add($"{nameof(RetentionMaxEventsPerPartition)} must not be negative.");
        }

        if (RetentionPeriod is { } period && period <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(RetentionPeriod)} must be positive when set.");
        }

        if (Hubs.Count == 0)
        {
            errors.Add($"{nameof(Hubs)} must name at least one event hub.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Hubs.Count; i++)
        {
            var hub = Hubs[i];
            if (string.IsNullOrWhiteSpace(hub.Name) || hub.Name.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{nameof(Hubs)}[{i}].{nameof(hub.Name)} must be a non-empty name without '/'.");
            }
            else if (!names.Add(hub.Name))
            {
                errors.Add($"{nameof(Hubs)}[{i}].{nameof(hub.Name)} '{hub.Name}' is configured twice.");
            }

            if (hub.PartitionCount is < 1 or > 1024)
            {
                errors.Add($"{nameof(Hubs)}[{i}].{nameof(hub.PartitionCount)} must be between 1 and 1024, was {hub.PartitionCount}.");
            }

            if (hub.ConsumerGroups.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{nameof(Hubs)}[{i}].{nameof(hub.ConsumerGroups)} must not contain an empty name.");
            }
        }

        errors.AddRange(Tls.Validate(nameof(Tls)));

        if (SharedAccessKeys.Count == 0)
        {
            errors.Add($"{nameof(SharedAccessKeys)} must hold at least one key, or no client could authenticate.");
        }

        var keyNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SharedAccessKeys.Count; i++)
        {
            var key = SharedAccessKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name) || string.IsNullOrEmpty(key.Key))
            {
                errors.Add($"{nameof(SharedAccessKeys)}[{i}] needs both {nameof(key.Name)} and {nameof(key.Key)}.");
            }
            else if (!keyNames.Add(key.Name))
            {
                errors.Add($"{nameof(SharedAccessKeys)}[{i}].{nameof(key.Name)} '{key.Name}' is configured twice.");
            }

            if (key.Rights.FirstOrDefault(r => !Enum.IsDefined(r)) is var unknown && !Enum.IsDefined(unknown))
            {
                errors.Add($"{nameof(SharedAccessKeys)}[{i}].{nameof(key.Rights)} holds '{unknown}'; the rights are {string.Join(", ", Enum.GetNames<SharedAccessRight>())}.");
            }
        }

        return errors;
    }
}
