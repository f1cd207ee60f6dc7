namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>A grain per device stream that records what the stream provider delivers.</summary>
public interface IDeviceEventRecorderGrain : IGrainWithStringKey;
