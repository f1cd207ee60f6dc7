namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The device stream (<c>Inventory:DeviceStreams</c>): where devices publish (Event Hubs) and where the read position
/// is kept. Absent section = no device stream (the HTTP API still takes events). Only the connection and credentials
/// differ between the local emulator and Azure.
/// </summary>
public sealed class DeviceStreamOptions
{
    public const string SectionName = "Inventory:DeviceStreams";

    /// <summary>An Event Hubs connection string (SAS; the emulator's has <c>UseDevelopmentEmulator=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Instead of a connection string: the namespace host (<c>name.servicebus.windows.net</c>), with Entra ID.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string EventHub { get; set; } = "inventory";

    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>How often the checkpoint moves up to the newest message before which every effect is durable.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Logs a warning when the checkpoint has waited this long on one message.</summary>
    public TimeSpan StallWarningAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long Orleans keeps redelivering a batch whose consumer fails before it gives up and skips it (its default
    /// failure handler does nothing more). Far longer than <see cref="PoisonAfter"/>, so the consumer dead-letters a
    /// message that keeps failing long before Orleans would skip it; only when even the dead letter cannot be written
    /// (storage down) for this long is a message skipped, and then it holds the checkpoint and is read again after a
    /// restart.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Device streams per partition: a device's messages always go to the same one (hash of the device id), so
    /// a device's messages stay in order while up to this many deliveries run at once per partition. Bounded
    /// whatever the fleet size (Orleans' queue cache scans per stream, so a stream per device does not scale).
    /// </summary>
    public int StreamsPerPartition { get; set; } = 8;

    /// <summary>
    /// At most this many messages per delivery (Orleans' <c>BatchContainerBatchSize</c>); the consumer groups their
    /// events by product-at-warehouse, one stock call per key for the whole batch.
    /// </summary>
    public int MaxMessagesPerDelivery { get; set; } = 64;

    /// <summary>
    /// At most this many device events are in stock grain calls at once on a silo (<see cref="StockCallAdmission"/>);
    /// consumers wait for room before calling. Enough to keep every stock grain's group commit full at the rates
    /// storage can take (Little's law: events/s x commit latency; 541 events/s x 0.3 s is about 160 on the local
    /// durable profile), low enough that what waits in stock grains stays far below the 30 s response timeout when
    /// the offered rate is above what storage commits.
    /// </summary>
    public int MaxEventsInFlight { get; set; } = 2048;

    /// <summary>How often an idle pulling agent asks its partition for new messages (Orleans' default is 100 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// A message is poison (dead-lettered and passed) once it has failed at least this many deliveries...
    /// </summary>
    public int PoisonAfterAttempts { get; set; } = 5;

    /// <summary>
    /// ...and has been failing for at least this long, so neither a burst of quick retries nor a short storage outage
    /// condemns it.
    /// </summary>
    public TimeSpan PoisonAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first delay before a failed delivery is tried again; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most this many messages read and not yet done are tracked per partition (<see cref="PartitionReadLog"/>).
    /// Past it the checkpoint cannot move beyond the last tracked message until the partition is read again, and a
    /// warning and a metric say so.
    /// </summary>
    public int MaxOpenMessagesPerPartition { get; set; } = 100_000;

    /// <summary>The newest done-reports each partition's <see cref="IStreamProgressGrain"/> keeps.</summary>
    public int MaxProgressReportsKept { get; set; } = 200_000;

    /// <summary>
    /// How often <see cref="PartitionLagMonitor"/> asks Event Hubs for the last enqueued sequence number of each
    /// partition this silo reads (one properties request per partition; the <c>inventory.device.partition.lag</c> gauge).
    /// </summary>
    public TimeSpan LagPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most one such request may take (no SDK retries: a request that does not answer in time is a failure, counted).</summary>
    public TimeSpan LagPollTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Warning 4121 when a partition's lag passes this many messages (lag in time: <see cref="StallWarningAfter"/>, warning 4103).</summary>
    public long LagWarningMessages { get; set; } = 10_000;

    public DeviceStreamCheckpointOptions Checkpoint { get; set; } = new();

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
