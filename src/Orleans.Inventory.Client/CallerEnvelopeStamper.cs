using Microsoft.Extensions.Options;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Client;

/// <summary>
/// Signs the trusted tier's own envelope (<see cref="TrustedCallerOptions"/>, channel <c>gateway</c>) onto every grain
/// call that carries none; a call whose flow already set one (<see cref="CallerContext.UseEnvelope"/>, e.g. for a user
/// the tier authenticated) is sent as it is. One envelope is reused until half its lifetime has passed.
/// </summary>
internal sealed class CallerEnvelopeStamper(CallerEnvelopeSigner signer, IOptions<TrustedCallerOptions> caller, TimeProvider clock) : IOutgoingGrainCallFilter
{
    // One reference, replaced whole: concurrent calls read a consistent pair without a lock.
    private volatile Signed? _current;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // An async method: the envelope set here flows into this call only and is gone when it returns.
        if (CallerContext.CurrentEnvelope() is null)
        {
            CallerContext.UseEnvelope(Envelope());
        }

        await context.Invoke();
    }

    private string Envelope()
    {
        var now = clock.GetUtcNow();
        if (_current is { } current && now < current.Renew)
        {
            return current.Token;
        }

        var options = caller.Value;
        var token = signer.Issue($"client:{options.Subject}", CallerContext.Gateway, options.Roles, options.Warehouses, now);
        _current = new Signed(token, now + (signer.Lifetime / 2));
        return token;
    }

    private sealed record Signed(string Token, DateTimeOffset Renew);
}
