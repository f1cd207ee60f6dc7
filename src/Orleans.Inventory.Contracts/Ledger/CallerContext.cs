namespace Orleans.Inventory.Ledger;

/// <summary>
/// Who a grain call acts for and through what it came. The edge that established it (the HTTP API from the caller's
/// token, the device stream consumer, a trusted client tier) puts a signed <see cref="Security.CallerEnvelope"/> in
/// Orleans' <see cref="Orleans.Runtime.RequestContext"/> under <see cref="EnvelopeKey"/>; the silo's call filter
/// verifies it before a checked call (<see cref="Security.CallerCheckAttribute"/>) and only then sets
/// <see cref="ActorKey"/> and <see cref="ChannelKey"/> from it, which the stock grain records in each ledger entry.
/// </summary>
/// <remarks>
/// RequestContext is set by whoever makes the call: a client connected to the Orleans gateway directly can set the
/// actor and channel keys too, so the silo's filter removes them from every call and sets them only from a verified
/// envelope (docs/security.md). A call that names no caller is read as <see cref="Unidentified"/> through
/// <see cref="Gateway"/>.
/// </remarks>
public static class CallerContext
{
    /// <summary>The signed envelope (<see cref="Security.CallerEnvelopeSigner"/>'s text).</summary>
    public const string EnvelopeKey = "inventory.caller";

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

    /// <summary>Sends <paramref name="envelope"/> (signed text) with every grain call made from here in this async flow.</summary>
    public static void UseEnvelope(string envelope) => Orleans.Runtime.RequestContext.Set(EnvelopeKey, envelope);

    /// <summary>The envelope this async flow sends, if any (unverified: it is the caller's claim).</summary>
    public static string? CurrentEnvelope() => Orleans.Runtime.RequestContext.Get(EnvelopeKey) as string;

    /// <summary>Sets the verified actor and channel; only the silo's call filter does, from a verified envelope.</summary>
    public static void Set(string actor, string channel)
    {
        Orleans.Runtime.RequestContext.Set(ActorKey, actor);
        Orleans.Runtime.RequestContext.Set(ChannelKey, channel);
    }

    /// <summary>Forgets the actor and channel a caller sent (the silo's filter, on every call it does not verify).</summary>
    public static void Clear()
    {
        Orleans.Runtime.RequestContext.Remove(ActorKey);
        Orleans.Runtime.RequestContext.Remove(ChannelKey);
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
