namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>
/// Owner levels (epochs) of the readers of each consumer group and partition, with the service's rules: a
/// reader with an owner level equal to or above every other one takes the partition over and the others are
/// disconnected; a reader below an existing owner level, or without one while an owner exists, is refused.
/// </summary>
internal sealed class ReaderOwnership
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string ConsumerGroup, string PartitionId), List<Registration>> _readers = [];

    /// <summary>Registers a reader; returns null when accepted, else the reason it is refused.</summary>
    public string? TryRegister(string consumerGroup, string partitionId, long? ownerLevel, object reader, Action<string> disconnect)
    {
        List<Registration> displaced;
        var key = (consumerGroup.ToUpperInvariant(), partitionId);
        lock (_lock)
        {
            if (!_readers.TryGetValue(key, out var readers))
            {
                readers = [];
                _readers[key] = readers;
            }

            var highest = readers.Where(r => r.OwnerLevel.HasValue).Select(r => r.OwnerLevel).Max();
            if (highest is { } existing && (ownerLevel is null || ownerLevel < existing))
            {
                return ownerLevel is null
                    ? $"A reader with owner level '{existing}' already owns partition '{partitionId}' of consumer group '{consumerGroup}'; readers without an owner level are refused."
                    : $"Owner level '{ownerLevel}' is below the current owner level '{existing}' of partition '{partitionId}' in consumer group '{consumerGroup}'.";
            }

            displaced = ownerLevel is null ? [] : [.. readers];
            if (ownerLevel is not null)
            {
                readers.Clear();
            }

            readers.Add(new Registration(reader, ownerLevel, disconnect));
        }

        foreach (var old in displaced)
        {
            old.Disconnect(
                $"New receiver with higher epoch of '{ownerLevel}' is created hence current receiver with epoch '{old.OwnerLevel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}' is getting disconnected.");
        }

        return null;
    }

    public void Unregister(string consumerGroup, string partitionId, object reader)
    {
        lock (_lock)
        {
            if (_readers.TryGetValue((consumerGroup.ToUpperInvariant(), partitionId), out var readers))
            {
                readers.RemoveAll(r => ReferenceEquals(r.Reader, reader));
            }
        }
    }

    private sealed record Registration(object Reader, long? OwnerLevel, Action<string> Disconnect);
}
