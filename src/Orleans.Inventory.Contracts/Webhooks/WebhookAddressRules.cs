using System.Net;
using System.Net.Sockets;

namespace Orleans.Inventory.Webhooks;

/// <summary>
/// Which IP addresses a webhook may not be delivered to (unless <c>Inventory:Webhooks:AllowPrivateAddresses</c>):
/// loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local
/// (169.254/16, which holds the cloud metadata address 169.254.169.254, and fe80::/10), unspecified, multicast and
/// broadcast. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
/// </summary>
public static class WebhookAddressRules
{
    /// <summary>Why <paramref name="address"/> is refused (the kind of address, never what answers there), or null.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified address (0.0.0.0/8)",
                10 => "a private address (10.0.0.0/8)",
                100 when (b[1] & 0xC0) == 64 => "a shared address (100.64.0.0/10)",
                169 when b[1] == 254 => "a link-local address (169.254.0.0/16, cloud metadata)",
                172 when (b[1] & 0xF0) == 16 => "a private address (172.16.0.0/12)",
                192 when b[1] == 168 => "a private address (192.168.0.0/16)",
                >= 224 => b[0] == 255 ? "a broadcast address" : "a multicast or reserved address (224.0.0.0/3)",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any) ? "an unspecified address (::)"
                : (b[0] & 0xFE) == 0xFC ? "a unique-local address (fc00::/7)"
                : b[0] == 0xFE && (b[1] & 0xC0) == 0x80 ? "a link-local address (fe80::/10)"
                : b[0] == 0xFF ? "a multicast address (ff00::/8)"
                : null;
        }

        return "not an IP address";
    }
}
