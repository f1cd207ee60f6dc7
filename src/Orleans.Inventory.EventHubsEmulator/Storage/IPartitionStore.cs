namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>Durable backing of one partition log; the in-memory emulator has none.</summary>
internal interface IPartitionStore : IDisposable
{
    /// <summary>Reads back every event kept so far, oldest first.</summary>
    IReadOnlyList<StoredEvent> Load();

    /// <summary>Appends events and returns once they are as durable as the flush policy promises.</summary>
    void Append(IReadOnlyList<StoredEvent> events);

    /// <summary>Lets the store drop whatever holds only events below <paramref name="firstRetainedSequenceNumber"/>.</summary>
    void Trim(long firstRetainedSequenceNumber);
}
