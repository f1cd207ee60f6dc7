using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Api.Models;

/// <summary>A ledger entry as the API shows it; actor, channel and hash are null in entries written before the audit chain.</summary>
public sealed record LedgerEntryView(
    long Sequence,
    string EventId,
    string Type,
    long Quantity,
    long QuantityChange,
    long AvailableAfter,
    long ReservedAfter,
    long OnHandAfter,
    long DiscrepancyAfter,
    DateTimeOffset EventTime,
    DateTimeOffset RecordedAt,
    string Source,
    string? Reference,
    string Outcome,
    string? Code,
    string? Reason,
    string? Actor,
    string? Channel,
    string? Hash)
{
    public static LedgerEntryView From(LedgerEntry entry) => new(
        entry.Sequence, entry.EventId, entry.EventType.ToWireName(), entry.Quantity, entry.QuantityChange,
        entry.AvailableAfter, entry.ReservedAfter, entry.OnHandAfter, entry.DiscrepancyAfter, entry.EventTime,
        entry.RecordedAt, entry.Source, entry.Reference, ApiJson.Name(entry.Outcome), entry.Why?.Code, entry.Why?.Reason,
        entry.Actor, entry.Channel, entry.Hash);
}
