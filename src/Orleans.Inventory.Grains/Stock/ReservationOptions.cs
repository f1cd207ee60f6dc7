namespace Orleans.Inventory.Grains.Stock;

/// <summary>How stock grains hold reservations. Bound from <c>Inventory:Reservations</c>.</summary>
public sealed class ReservationOptions
{
    public const string SectionName = "Inventory:Reservations";

    /// <summary>How long a reservation lasts when the request names no <c>ttl_seconds</c>.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Active reservations one stock record may hold; more are refused (<c>too_many_reservations</c>). Each is a row
    /// of its own in storage and about 200 bytes in the activation's memory (so the default bounds one record at about
    /// 50 MB); an activation reads them all back when it starts.
    /// </summary>
    public int MaxActivePerRecord { get; set; } = 250_000;

    /// <summary>
    /// Closed reservations a record remembers by id, so a repeated reserve, release or commit answers the final
    /// state; an older id is found only through its ledger entries.
    /// </summary>
    public int ClosedMemory { get; set; } = 64;

    /// <summary>How often the durable expiry reminder fires while a record holds reservations.</summary>
    public TimeSpan ExpirySweepPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
