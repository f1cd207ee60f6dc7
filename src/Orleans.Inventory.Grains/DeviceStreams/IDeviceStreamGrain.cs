namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>The consumer of one device stream (key: the stream key, <c>{partition}/{n}</c>). Called only by streams.</summary>
public interface IDeviceStreamGrain : IGrainWithStringKey;
