namespace Orleans.Inventory.Events;

/// <summary>Limits every inbound event is checked against, at the HTTP edge, the stream adapter and the grain.</summary>
/// <remarks>Bound from <c>Inventory:Events</c>.</remarks>
public sealed class EventValidationOptions
{
    public const string SectionName = "Inventory:Events";

    /// <summary>The largest quantity one event may carry (a delta or a count).</summary>
    public long MaxQuantity { get; set; } = 1_000_000_000;

    /// <summary>How far ahead of this machine's clock a timestamp may be (device clocks drift).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timestamps before this are refused as implausible (a device with an unset clock sends 1970).</summary>
    public DateTimeOffset MinTimestamp { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The longest reservation a sender may ask for (<c>ttl_seconds</c>).</summary>
    public TimeSpan MaxReservationTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest free-text field (<c>reference</c>, <c>reason</c>).</summary>
    public int MaxTextLength { get; set; } = 256;
}
