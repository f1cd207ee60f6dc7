using System.Collections.Concurrent;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>The real in-memory ledger, with appends that fail on demand for chosen keys (a ledger outage).</summary>
public sealed class FlakyLedgerStore(InMemoryLedgerStore inner) : ILedgerStore
{
    private readonly ConcurrentDictionary<StockKey, bool> _down = new();

    public void TakeDown(StockKey key) => _down[key] = true;

    public void BringUp(StockKey key) => _down.TryRemove(key, out _);

    public Task AppendAsync(StockKey key, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default) =>
        _down.ContainsKey(key)
            ? throw new IOException($"ledger for {key} is down (injected)")
            : inner.AppendAsync(key, entries, cancellationToken);

    public Task<LedgerPage> ReadAsync(StockKey key, LedgerQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(key, query, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> FindByEventIdAsync(StockKey key, string eventId, CancellationToken cancellationToken = default) =>
        inner.FindByEventIdAsync(key, eventId, cancellationToken);
}
