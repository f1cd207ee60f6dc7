namespace Orleans.Inventory.Grains.Transfers;

/// <summary>The persisted transfer index: at most <see cref="TransferOptions.IndexCapacity"/> transfers.</summary>
[GenerateSerializer, Alias("inventory.transfer-index-state.v1")]
public sealed class TransferIndexState
{
    [Id(0)] public Dictionary<string, IndexedTransfer> Transfers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A logical clock advanced by every change.</summary>
    [Id(1)] public long Tick { get; set; }
}
