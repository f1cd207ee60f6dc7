using System.Globalization;

namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>One event hub: its partitions, consumer groups and the owner-level bookkeeping of its readers.</summary>
internal sealed class EmulatedHub : IDisposable
{
    private readonly HashSet<string> _consumerGroups;
    private readonly PartitionKeyResolver _resolver;
    private int _roundRobin = -1;

    public EmulatedHub(EmulatedEventHubOptions options, EventHubsEmulatorOptions emulator, TimeProvider time)
    {
        Name = options.Name;
        _consumerGroups = new HashSet<string>(options.ConsumerGroups, StringComparer.OrdinalIgnoreCase) { "$Default" };
        var directory = string.IsNullOrWhiteSpace(emulator.DataDirectory)
            ? null
            : Path.Combine(Path.GetFullPath(emulator.DataDirectory), options.Name);
        CreatedAtUtc = directory is null ? time.GetUtcNow().UtcDateTime : ReadOrWriteCreatedAt(directory, time);
        Partitions = Enumerable.Range(0, options.PartitionCount)
            .Select(i =>
            {
                var id = i.ToString(CultureInfo.InvariantCulture);
                IPartitionStore? store = directory is null
                    ? null
                    : new FilePartitionStore(Path.Combine(directory, "partitions", id), emulator.FlushToDisk);
                return new PartitionLog(id, store, time, emulator.RetentionMaxEventsPerPartition, emulator.RetentionPeriod);
            })
            .ToArray();
        PartitionIds = Partitions.Select(p => p.PartitionId).ToArray();
        _resolver = new PartitionKeyResolver(PartitionIds.Length);
        Owners = new ReaderOwnership();
    }

    public string Name { get; }

    public DateTime CreatedAtUtc { get; }

    public IReadOnlyList<PartitionLog> Partitions { get; }

    public string[] PartitionIds { get; }

    public ReaderOwnership Owners { get; }

    public bool HasConsumerGroup(string name) => _consumerGroups.Contains(name);

    public PartitionLog? FindPartition(string partitionId) =>
        int.TryParse(partitionId, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index < Partitions.Count
        && Partitions[index].PartitionId == partitionId
            ? Partitions[index]
            : null;

    /// <summary>Where an event published to the hub itself goes: by partition key hash, else round robin.</summary>
    public PartitionLog ChoosePartition(string? partitionKey)
    {
        if (partitionKey is not null)
        {
            return Partitions[_resolver.Resolve(partitionKey)];
        }

        var next = Interlocked.Increment(ref _roundRobin) & int.MaxValue;
        return Partitions[next % Partitions.Count];
    }

    public void Dispose()
    {
        foreach (var partition in Partitions)
        {
            partition.Dispose();
        }
    }

    private static DateTime ReadOrWriteCreatedAt(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "created-at.txt");
        if (File.Exists(path)
            && DateTime.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            return createdAt;
        }

        var now = time.GetUtcNow().UtcDateTime;
        File.WriteAllText(path, now.ToString("O", CultureInfo.InvariantCulture));
        return now;
    }
}
