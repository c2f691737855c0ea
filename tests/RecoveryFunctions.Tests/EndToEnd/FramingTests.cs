using System.Reflection;
using RecoveryFunctions.OpenApi;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Broken HTTP framing, written byte for byte on raw sockets (HttpClient will not send it), on every endpoint that
/// reads a body: the app's own body reader answers a 400 problem with a code, never the unhandled-exception 500.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FramingTests(LocalHostFixture host)
{
    public static readonly TheoryData<string> Cases = new() { "bad-chunk-size", "chunk-longer-than-declared", "chunked-and-content-length", "bad-chunk-suffix" };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BodyEndpoints_BrokenFraming_BadRequestProblemOnEveryOne(string kind)
    {
        var token = await host.AgentTokenAsync();
        var endpoints = host.Host.ServedHttpFunctions.Where(f => f.Method.GetCustomAttribute<RequestBodyAttribute>() is not null).ToList();
        Assert.True(endpoints.Count >= 13, $"only {endpoints.Count} endpoints read a body");

        foreach (var function in endpoints)
        {
            var method = function.HttpMethods!.Single().ToUpperInvariant();
            var path = "/api/" + function.Route!.Replace("{subscriberNumber}", "1234567890128", StringComparison.Ordinal);
            var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, Request(kind, method, path, token));

            Assert.True(status == 400, $"{kind} {method} {path}: {head}");
            Assert.Contains("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"code\":\"body-framing-invalid\"", body, StringComparison.Ordinal);
        }
    }

    private static string Request(string kind, string method, string path, string agentToken)
    {
        var head = $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
                   + $"Authorization: Bearer {agentToken}\r\nX-Assistance-Reason: Appel du titulaire, identite verifiee\r\n";
        return kind switch
        {
            "bad-chunk-size" => head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
            "chunk-longer-than-declared" => head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"email\":1}\r\n0\r\n\r\n",
            "chunked-and-content-length" => head + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
            "bad-chunk-suffix" => head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
