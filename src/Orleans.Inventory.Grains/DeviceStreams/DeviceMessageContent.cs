using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>A device message read: its valid events and the dead letters of its invalid parts.</summary>
internal sealed record DeviceMessageContent(DeviceMessage Message, IReadOnlyList<InventoryEvent> Valid, IReadOnlyList<DeadLetter> Invalid);
