using System.Collections.Concurrent;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// Makes <see cref="IStockGrain.ApplyAsync"/> calls for chosen keys fail or wait, in front of the stock grain (an
/// incoming grain call filter), so device-stream tests do not depend on how the stock grain stores its state. Also
/// records every ApplyAsync call that passed (which events, for which key), to see how deliveries were grouped.
/// </summary>
public sealed class StockCallFaults : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<StockKey, int> _failing = new();
    private readonly ConcurrentDictionary<StockKey, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<StockKey, int> _heldCalls = new();
    private readonly ConcurrentQueue<(StockKey Key, IReadOnlyList<InventoryEvent> Events)> _calls = new();

    /// <summary>Every call for <paramref name="key"/> throws, the next <paramref name="times"/> ones or forever.</summary>
    public void Fail(StockKey key, int times = int.MaxValue) => _failing[key] = times;

    public void Heal(StockKey key) => _failing.TryRemove(key, out _);

    /// <summary>Calls for <paramref name="key"/> wait until <see cref="Release"/> (a slow stock grain).</summary>
    public void Hold(StockKey key) => _held[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(StockKey key)
    {
        if (_held.TryRemove(key, out var gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>How many calls for <paramref name="key"/> have reached the hold so far.</summary>
    public int HeldCalls(StockKey key) => _heldCalls.GetValueOrDefault(key);

    /// <summary>The calls for <paramref name="key"/> that reached the grain, in order.</summary>
    public IReadOnlyList<IReadOnlyList<InventoryEvent>> CallsFor(StockKey key) => [.. _calls.Where(c => c.Key == key).Select(c => c.Events)];

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IStockGrain.ApplyAsync) && context.Request.GetArgumentCount() == 1
            && context.Request.GetArgument(0) is IReadOnlyList<InventoryEvent> { Count: > 0 } events)
        {
            var key = events[0].Key;
            if (_held.TryGetValue(key, out var gate))
            {
                _heldCalls.AddOrUpdate(key, 1, (_, n) => n + 1);
                await gate.Task;
            }

            if (_failing.TryGetValue(key, out var left) && left > 0)
            {
                _failing[key] = left - 1;
                throw new IOException($"stock call for {key} failed (injected)");
            }

            _calls.Enqueue((key, events));
        }

        await context.Invoke();
    }
}
