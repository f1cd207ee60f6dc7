using System.Collections.Concurrent;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Grains.Security;

/// <summary>
/// Envelopes for the silo's own components (the device stream consumer, warehouse seeding): signed with the shared
/// key, role <see cref="CallerRoles.System"/>, every warehouse. One per component, signed again when half its
/// lifetime has passed, so a hot path signs nothing per call.
/// </summary>
public sealed class SystemCaller(CallerEnvelopeSigner signer, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Subject, string Channel), (string Token, DateTimeOffset Renew)> _envelopes = new();

    /// <summary>Sends a system envelope for <paramref name="subject"/> (<c>system:...</c>) with the grain calls this async flow makes next.</summary>
    public void Use(string subject, string channel) => CallerContext.UseEnvelope(EnvelopeFor(subject, channel));

    /// <summary>The signed system envelope of <paramref name="subject"/> through <paramref name="channel"/>.</summary>
    public string EnvelopeFor(string subject, string channel)
    {
        var now = clock.GetUtcNow();
        if (_envelopes.TryGetValue((subject, channel), out var cached) && now < cached.Renew)
        {
            return cached.Token;
        }

        var token = signer.Issue(subject, channel, [CallerRoles.System], [CallerEnvelope.AllWarehouses], now);
        _envelopes[(subject, channel)] = (token, now + (signer.Lifetime / 2));
        return token;
    }
}
