namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>The kinds of start position a consumer's source filter can name.</summary>
internal enum StartPositionKind
{
    Earliest,
    Latest,
    Offset,
    SequenceNumber,
    EnqueuedTime,
}
