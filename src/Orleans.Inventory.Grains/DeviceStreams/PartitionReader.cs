namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Who reads a partition, as its <see cref="IStreamProgressGrain"/> last heard (see <see cref="IStreamProgressGrain.ReaderAsync"/>).</summary>
/// <param name="Reader">The silo whose receiver reads the partition.</param>
/// <param name="SinceSeen">How long ago that reader last said it reads it (measured by the progress grain's clock).</param>
[GenerateSerializer, Immutable, Alias("inventory.stream-partition-reader.v1")]
public sealed record PartitionReader(
    [property: Id(0)] string Reader,
    [property: Id(1)] TimeSpan SinceSeen);
