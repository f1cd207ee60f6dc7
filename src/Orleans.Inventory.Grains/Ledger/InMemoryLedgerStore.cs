using System.Collections.Concurrent;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger;

/// <summary>
/// The ledger in this process's memory: for the embedded profile and tests. Not durable, and not shared between
/// silo processes (each process has its own), so it suits one-silo deployments only.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly ConcurrentDictionary<StockKey, Stream> _streams = new();

    public Task AppendAsync(StockKey key, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        var stream = _streams.GetOrAdd(key, _ => new Stream());
        lock (stream)
        {
            foreach (var entry in entries)
            {
                stream.Append(key, entry);
            }
        }

        return Task.CompletedTask;
    }

    public Task<LedgerPage> ReadAsync(StockKey key, LedgerQuery query, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            return Task.FromResult(new LedgerPage([], null));
        }

        lock (stream)
        {
            var limit = Math.Clamp(query.Limit, 1, LedgerQuery.MaxLimit);
            var start = (int)Math.Clamp(query.After, 0, stream.Entries.Count);
            var page = stream.Entries.Skip(start).Where(query.Matches).Take(limit + 1).ToList();
            var hasMore = page.Count > limit;
            if (hasMore)
            {
                page.RemoveAt(limit);
            }

            return Task.FromResult(new LedgerPage(page, hasMore ? page[^1].Sequence : null));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> FindByEventIdAsync(StockKey key, string eventId, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
        }

        lock (stream)
        {
            IReadOnlyList<LedgerEntry> found = stream.ByEventId.TryGetValue(eventId, out var sequences)
                ? [.. sequences.Select(sequence => stream.Entries[(int)sequence - 1])]
                : [];
            return Task.FromResult(found);
        }
    }

    private sealed class Stream
    {
        public List<LedgerEntry> Entries { get; } = [];

        public Dictionary<string, List<long>> ByEventId { get; } = new(StringComparer.Ordinal);

        public void Append(StockKey key, LedgerEntry entry)
        {
            if (entry.Sequence <= Entries.Count)
            {
                var stored = Entries[(int)entry.Sequence - 1];
                if (!string.Equals(stored.EventId, entry.EventId, StringComparison.Ordinal))
                {
                    throw new LedgerConflictException(
                        $"Ledger {key} sequence {entry.Sequence} holds event {stored.EventId}; refusing to rewrite it with {entry.EventId}.");
                }

                return;
            }

            if (entry.Sequence != Entries.Count + 1)
            {
                throw new LedgerConflictException(
                    $"Ledger {key} ends at sequence {Entries.Count}; appending {entry.Sequence} would leave a gap.");
            }

            Entries.Add(entry);
            if (!ByEventId.TryGetValue(entry.EventId, out var sequences))
            {
                ByEventId[entry.EventId] = sequences = [];
            }

            sequences.Add(entry.Sequence);
        }
    }
}
