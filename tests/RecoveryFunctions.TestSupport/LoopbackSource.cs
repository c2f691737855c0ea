using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// Real sockets from a chosen loopback address: Linux routes all of 127.0.0.0/8 to the loopback interface, so a
/// connection bound to 127.a.b.c reaches the host with that socket peer, as a different machine would.
/// </summary>
public static class LoopbackSource
{
    /// <summary>A fresh loopback address other than 127.0.0.1 (which the test host trusts as its front end).</summary>
    public static IPAddress NewAddress()
        => new([127, (byte)RandomNumberGenerator.GetInt32(1, 255), (byte)RandomNumberGenerator.GetInt32(256), (byte)RandomNumberGenerator.GetInt32(1, 255)]);

    /// <summary>An HttpClient every connection of which leaves from <paramref name="source"/>.</summary>
    public static HttpClient Client(Uri baseAddress, IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) => new NetworkStream(await ConnectAsync(source, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true),
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Writes <paramref name="request"/> byte for byte on a new connection (what HttpClient refuses to send, e.g. a
    /// broken chunk) and reads until the server closes: the status code and the body.
    /// </summary>
    public static Task<(int Status, string Head, string Body)> SendRawAsync(Uri baseAddress, string request, CancellationToken cancellationToken = default)
        => SendRawAsync(baseAddress, Encoding.ASCII.GetBytes(request), cancellationToken);

    /// <inheritdoc cref="SendRawAsync(Uri, string, CancellationToken)"/>
    public static async Task<(int Status, string Head, string Body)> SendRawAsync(Uri baseAddress, byte[] request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        using var socket = await ConnectAsync(IPAddress.Loopback, baseAddress.Port, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var bytes = received.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(split < 0 ? bytes : bytes[..split]);
        var content = split < 0 ? [] : bytes[(split + 4)..];
        var body = Encoding.UTF8.GetString(head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Unchunk(content) : content);
        var status = head.Length >= 12 && int.TryParse(head.AsSpan(9, 3), out var code) ? code : 0;
        return (status, head, body);
    }

    private static async Task<Socket> ConnectAsync(IPAddress source, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static byte[] Unchunk(byte[] body)
    {
        using var content = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.AsSpan(at).IndexOf("\r\n"u8);
            if (end < 0 || !int.TryParse(Encoding.ASCII.GetString(body, at, end), System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            content.Write(body, at + end + 2, size);
            at += end + 2 + size + 2;
        }

        return content.ToArray();
    }
}
