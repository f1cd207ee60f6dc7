namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>The live-update stream (<c>GET /api/stream</c>). Bound from <c>Inventory:LiveStream</c>.</summary>
public sealed class LiveStreamOptions
{
    public const string SectionName = "Inventory:LiveStream";

    /// <summary>How many recent items the API process keeps for clients that reconnect with <c>Last-Event-ID</c>.</summary>
    public int WindowSize { get; set; } = 10_000;

    /// <summary>
    /// How many items may wait for one client. A client that falls further behind is dropped (told why) so that it
    /// never holds up the others; it may reconnect with <c>Last-Event-ID</c>.
    /// </summary>
    public int ClientBufferSize { get; set; } = 1000;

    /// <summary>How long a connection may stay silent before a heartbeat comment keeps proxies from closing it.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Open streams one principal (token subject, or address when anonymous) may hold; one more is answered 429.</summary>
    public int MaxConnectionsPerPrincipal { get; set; } = 10;

    /// <summary>Open streams this API process serves in all; one more is answered 503.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>The reconnection delay the stream suggests to clients (the SSE <c>retry:</c> field).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(3);
}
