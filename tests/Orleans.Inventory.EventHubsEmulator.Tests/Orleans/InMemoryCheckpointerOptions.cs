namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>The provider's checkpointer hook wants an options type; the in-memory checkpointer has nothing to configure.</summary>
public sealed class InMemoryCheckpointerOptions;
