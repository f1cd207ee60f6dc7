using System.Net;
using System.Net.Sockets;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Ports on 127.0.0.1 that nothing listens on at the moment of asking (the OS picks one; tests bind it soon after).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
