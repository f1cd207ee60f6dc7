using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// A device message read: its valid events (those for warehouses its device is bound to), the dead letters of its
/// invalid or refused parts, and the audit records of what its device was refused (one per warehouse).
/// </summary>
internal sealed record DeviceMessageContent(
    DeviceMessage Message, IReadOnlyList<InventoryEvent> Valid, IReadOnlyList<DeadLetter> Invalid, IReadOnlyList<AuditRecord> Denied)
{
    public DeviceMessageContent(DeviceMessage message, IReadOnlyList<InventoryEvent> valid, IReadOnlyList<DeadLetter> invalid)
        : this(message, valid, invalid, [])
    {
    }
}
