using System.Text;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// The app's JSON answers, success and problem alike, are written whole with their length: read on a raw socket, the
/// head declares <c>Content-Length</c> and no transfer coding, and the body is exactly that many bytes. (Streamed, they
/// went chunked, with the closing chunk in a write of its own.)
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ResponseLengthTests(LocalHostFixture host)
{
    [Theory]
    [InlineData("/api/security-questions", 200, "application/json")]
    [InlineData("/api/account", 401, "application/problem+json")]
    public async Task JsonAnswer_DeclaresItsLengthNotChunked(string path, int expectedStatus, string contentType)
    {
        var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, $"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.Equal(expectedStatus, status);
        Assert.Contains($"Content-Type: {contentType}", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Transfer-Encoding", head, StringComparison.OrdinalIgnoreCase);
        var declared = head.Split("\r\n").Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(int.Parse(declared["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetByteCount(body));
        Assert.StartsWith("{", body.TrimStart('[').TrimStart(), StringComparison.Ordinal);
    }
}
