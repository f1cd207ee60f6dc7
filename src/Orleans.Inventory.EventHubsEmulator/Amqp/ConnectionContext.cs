using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Orleans.Inventory.EventHubsEmulator.Security;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// What one client connection has proven (the claims from its put-token requests: an entity path, until when, with
/// the rights of the key that signed the token) and where the replies of its request/response nodes go.
/// </summary>
internal sealed class ConnectionContext(AmqpConnection connection, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<TokenCheck> _claims = [];
    private readonly List<ReplyLink> _replyLinks = [];

    public AmqpConnection Connection { get; } = connection;

    public void Grant(TokenCheck claim)
    {
        lock (_lock)
        {
            _claims.Add(claim);
        }
    }

    /// <summary>True while an unexpired claim covers <paramref name="entityPath"/> with one of <paramref name="rights"/>.</summary>
    public bool IsAuthorized(string entityPath, params ReadOnlySpan<SharedAccessRight> rights)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _claims.RemoveAll(c => c.ExpiresAt <= now);
            foreach (var claim in _claims)
            {
                foreach (var right in rights)
                {
                    if (claim.Grants(entityPath, right))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>True while an unexpired claim covers <paramref name="entityPath"/>, whatever its rights.</summary>
    public bool HoldsClaim(string entityPath)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _claims.Exists(c => c.ExpiresAt > now && EntityPath.Covers(c.ResourcePath, entityPath));
        }
    }

    public void AddReplyLink(string node, SendingAmqpLink link)
    {
        var reply = new ReplyLink(node, (link.Settings.Target as Target)?.Address?.ToString(), link.Settings.LinkName, link);
        lock (_lock)
        {
            _replyLinks.Add(reply);
        }

        link.SafeAddClosed((_, _) =>
        {
            lock (_lock)
            {
                _replyLinks.Remove(reply);
            }
        });
    }

    /// <summary>
    /// Finds the link a reply goes on. Clients differ: the .NET and Java SDKs set reply-to to the target address
    /// of their reply link, others to the link name, and some leave reply-to empty and expect the only reply
    /// link they opened on the node.
    /// </summary>
    public SendingAmqpLink? FindReplyLink(string node, string? replyTo, AmqpSession requestSession)
    {
        lock (_lock)
        {
            var candidates = _replyLinks.Where(r => r.Node == node).ToList();
            if (replyTo is not null)
            {
                var match = candidates.Find(r => string.Equals(r.TargetAddress, replyTo, StringComparison.Ordinal))
                    ?? candidates.Find(r => string.Equals(r.LinkName, replyTo, StringComparison.Ordinal));
                if (match is not null)
                {
                    return match.Link;
                }
            }

            var sameSession = candidates.Where(r => r.Link.Session == requestSession).ToList();
            return sameSession.Count == 1 ? sameSession[0].Link : candidates.Count == 1 ? candidates[0].Link : null;
        }
    }

    private sealed record ReplyLink(string Node, string? TargetAddress, string LinkName, SendingAmqpLink Link);
}
