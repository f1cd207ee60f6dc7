namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>The consumer of one device stream (key: the stream key, normally the device id). Called only by streams.</summary>
public interface IDeviceStreamGrain : IGrainWithStringKey;
