using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Orleans.Inventory.EventHubsEmulator.Security;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// What one client connection has proven (the claims from its put-token requests) and where the replies of
/// its request/response nodes go.
/// </summary>
internal sealed class ConnectionContext(AmqpConnection connection, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<(string Path, DateTimeOffset ExpiresAt)> _claims = [];
    private readonly List<ReplyLink> _replyLinks = [];

    public AmqpConnection Connection { get; } = connection;

    public void Grant(string resourcePath, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            _claims.Add((resourcePath, expiresAt));
        }
    }

    public bool IsAuthorized(string entityPath)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _claims.RemoveAll(c => c.ExpiresAt <= now);
            return _claims.Exists(c => EntityPath.Covers(c.Path, entityPath));
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
