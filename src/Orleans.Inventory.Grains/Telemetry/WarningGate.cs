using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>
/// Bounds how often one kind of warning is written by the whole silo: the first occurrence of a log event is written,
/// the next ones within <see cref="Period"/> are only counted, and the first one after it is written with that count.
/// Thousands of grains failing alike (a storage outage, a slow region) then write one line per kind per period, not
/// one per grain per failure; the metrics still count every failure.
/// </summary>
/// <remarks>Keyed by log event id, so it holds one slot per log call site that uses it.</remarks>
public sealed class WarningGate([FromKeyedServices(InventoryClock.Key)] TimeProvider clock)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, Slot> _slots = new();

    /// <summary>Whether to write this occurrence of <paramref name="eventId"/>; if so, <paramref name="suppressed"/> is how many were not written since the last one.</summary>
    public bool ShouldLog(int eventId, out long suppressed)
    {
        var slot = _slots.GetOrAdd(eventId, _ => new Slot());
        var now = clock.GetUtcNow();
        lock (slot)
        {
            if (slot.Next is { } next && now < next)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.Next = now + Period;
            return true;
        }
    }

    private sealed class Slot
    {
        public DateTimeOffset? Next;
        public long Suppressed;
    }
}
