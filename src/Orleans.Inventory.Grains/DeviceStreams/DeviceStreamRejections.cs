namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Dead-letter codes of the device stream itself (next to the parser's <see cref="Events.RejectionCodes"/>).</summary>
public static class DeviceStreamRejections
{
    /// <summary>
    /// The message kept failing delivery (its stock grain calls threw) for the configured attempts and time; it is
    /// kept whole (partition, sequence number, body) and passed, so the partition moves on. Replay it once fixed.
    /// </summary>
    public const string Undeliverable = "undeliverable";
}
