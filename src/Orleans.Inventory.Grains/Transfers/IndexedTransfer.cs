using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>A transfer as the index lists it; <see cref="Tick"/> orders by last change (newest first).</summary>
[GenerateSerializer, Immutable, Alias("inventory.indexed-transfer.v1")]
public sealed record IndexedTransfer(
    [property: Id(0)] TransferRecord Record,
    [property: Id(1)] long Tick);
