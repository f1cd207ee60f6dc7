namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>The event hubs of one emulator instance, looked up by name without regard to case, as the service does.</summary>
internal sealed class EventHubCatalog : IDisposable
{
    private readonly Dictionary<string, EmulatedHub> _hubs;

    public EventHubCatalog(EventHubsEmulatorOptions options, TimeProvider time) =>
        _hubs = options.Hubs.ToDictionary(h => h.Name, h => new EmulatedHub(h, options, time), StringComparer.OrdinalIgnoreCase);

    public EmulatedHub? Find(string name) => _hubs.GetValueOrDefault(name);

    public void Dispose()
    {
        foreach (var hub in _hubs.Values)
        {
            hub.Dispose();
        }
    }
}
