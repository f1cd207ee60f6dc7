using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>
/// Keeps webhooks off loopback, private, link-local (metadata) and other non-public addresses (<see cref="WebhookAddressRules"/>)
/// unless <see cref="WebhookOptions.AllowPrivateAddresses"/>: at registration (the host, resolved) and at every delivery,
/// where <see cref="ConnectAsync"/> is the delivery handler's <c>ConnectCallback</c>: it resolves the host, checks every
/// address and connects to the checked one, so a DNS answer that changes between check and connect (rebinding) cannot
/// slip through.
/// </summary>
internal sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    private bool Enforced => !options.Value.AllowPrivateAddresses;

    /// <summary>Why a webhook to <paramref name="url"/> is refused, or null. A host that does not resolve now is not refused (delivery checks again).</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!Enforced)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }

        return Refusal(url.IdnHost, addresses);
    }

    /// <summary>The <c>ConnectCallback</c> of the delivery handler: resolve, check, connect to the checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (Enforced && Refusal(host, addresses) is { } refusal)
        {
            throw new WebhookAddressRefusedException(refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string? Refusal(string host, IPAddress[] addresses)
    {
        if (addresses.Length == 0)
        {
            return $"'{host}' resolves to no address";
        }

        return addresses.Select(WebhookAddressRules.Refusal).FirstOrDefault(r => r is not null) is { } kind
            ? $"'{host}' is or resolves to {kind}; webhooks go to public addresses only (Inventory:Webhooks:AllowPrivateAddresses is false)"
            : null;
    }
}
