namespace Orleans.Inventory.Ledger;

/// <summary>
/// Who a grain call acts for and through what it came, carried in Orleans' <see cref="Orleans.Runtime.RequestContext"/>
/// from the edge that established it (the HTTP API from the caller's token, the device stream from the message) to
/// the stock grain, which records it in each ledger entry.
/// </summary>
/// <remarks>
/// RequestContext is set by whoever makes the call: a client connected to the Orleans gateway directly can set these
/// keys too. The gateway is for trusted tiers only (docs/security.md); a call that names no caller is recorded as
/// <see cref="Unidentified"/> through <see cref="Gateway"/>.
/// </remarks>
public static class CallerContext
{
    public const string ActorKey = "inventory.actor";
    public const string ChannelKey = "inventory.channel";

    public const string Http = "http";
    public const string Replay = "replay";
    public const string Stream = "stream";
    public const string Gateway = "gateway";
    public const string System = "system";

    public const string Unidentified = "unidentified";

    /// <summary>Longest actor kept; a longer one is cut (identities come from validated tokens, so this is a backstop).</summary>
    public const int MaxActorLength = 200;

    public static void Set(string actor, string channel)
    {
        Orleans.Runtime.RequestContext.Set(ActorKey, actor);
        Orleans.Runtime.RequestContext.Set(ChannelKey, channel);
    }

    /// <summary>The caller of the current call, or <see cref="Unidentified"/> through <see cref="Gateway"/>.</summary>
    public static (string Actor, string Channel) Current()
    {
        var actor = Orleans.Runtime.RequestContext.Get(ActorKey) as string;
        var channel = Orleans.Runtime.RequestContext.Get(ChannelKey) as string;
        return (string.IsNullOrEmpty(actor) ? Unidentified : actor.Length > MaxActorLength ? actor[..MaxActorLength] : actor,
            channel is Http or Replay or Stream or Gateway or System ? channel : Gateway);
    }
}
