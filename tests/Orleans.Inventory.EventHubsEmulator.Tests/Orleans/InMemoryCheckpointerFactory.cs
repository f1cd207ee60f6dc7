using System.Collections.Concurrent;
using global::Orleans.Streams;

namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>Keeps the provider's partition checkpoints in memory: Azurite, which the table checkpointer needs, is not available to these tests.</summary>
public sealed class InMemoryCheckpointerFactory : IStreamQueueCheckpointerFactory
{
    private readonly ConcurrentDictionary<string, Checkpointer> _checkpointers = new();

    public IReadOnlyDictionary<string, string?> Offsets => _checkpointers.ToDictionary(c => c.Key, c => c.Value.Offset);

    public Task<IStreamQueueCheckpointer<string>> Create(string partition) =>
        Task.FromResult<IStreamQueueCheckpointer<string>>(_checkpointers.GetOrAdd(partition, _ => new Checkpointer()));

    private sealed class Checkpointer : IStreamQueueCheckpointer<string>
    {
        public string? Offset { get; private set; }

        public bool CheckpointExists => Offset is not null;

        public Task<string> Load() => Task.FromResult(Offset!);

        public void Update(string offset, DateTime utcNow) => Offset = offset;
    }
}
