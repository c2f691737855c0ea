using System.Net;
using System.Net.Sockets;

namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>
/// A loopback port free at the time of asking. Another process may take it before it is bound, so callers
/// that start servers on it retry with a new one when the bind fails.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
