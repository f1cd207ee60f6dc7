using System.Collections.Concurrent;

namespace Orleans.Inventory.Telemetry;

/// <summary>
/// Bounds how often one kind of warning is written by the whole process: the first occurrence of a log event is
/// written, the next ones within <see cref="Period"/> are only counted, and the first one after it is written with
/// that count. Thousands of grains or requests failing alike (a storage outage, a slow region) then write one line per
/// kind per period, not one per grain per failure; the metrics still count every failure. The one such mechanism of
/// the project, shared by the silo (grains, device streams, storage) and the HTTP API, which is why it lives here.
/// </summary>
/// <remarks>
/// Keyed by log event id, optionally with a scope (a partition, a stream), so it holds one slot per log call site and
/// scope. Scopes are bounded by <see cref="MaxSlots"/>: past it every slot is forgotten at once, so a flood of new
/// scopes writes more lines, never fewer.
/// </remarks>
public sealed class WarningGate(TimeProvider clock)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>The most (event id, scope) slots kept.</summary>
    public const int MaxSlots = 4096;

    private readonly ConcurrentDictionary<(int EventId, string Scope), Slot> _slots = new();

    /// <summary>Whether to write this occurrence of <paramref name="eventId"/>; if so, <paramref name="suppressed"/> is how many were not written since the last one.</summary>
    public bool ShouldLog(int eventId, out long suppressed) => ShouldLog(eventId, "", out suppressed);

    /// <summary>As <see cref="ShouldLog(int, out long)"/>, counted apart for each <paramref name="scope"/> of the event.</summary>
    public bool ShouldLog(int eventId, string scope, out long suppressed)
    {
        if (!_slots.TryGetValue((eventId, scope), out var slot))
        {
            // Count takes every lock of the dictionary: asked only when a new slot is about to be added, not per warning.
            if (_slots.Count >= MaxSlots)
            {
                _slots.Clear();
            }

            slot = _slots.GetOrAdd((eventId, scope), _ => new Slot());
        }

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
