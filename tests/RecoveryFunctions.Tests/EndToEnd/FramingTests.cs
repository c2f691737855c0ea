using System.IO.Compression;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.OpenApi;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// HTTP framing written byte for byte on raw sockets (HttpClient will not send it) to the running local host, whose
/// Kestrel has the Functions host's settings. Each case gets what docs/security/untrusted-text-and-framing.md says
/// happens locally and in Azure: broken or ambiguous framing is the app's 400 <c>body-framing-invalid</c>, a final
/// transfer coding other than chunked is Kestrel's 400, a coding before chunked is never applied, a bare LF ends a line.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FramingTests(LocalHostFixture host)
{
    public static readonly TheoryData<string> Cases = new()
    {
        "bad-chunk-size", "chunk-longer-than-declared", "bad-chunk-suffix", "chunk-extension-with-bare-lf",
        "chunked-then-content-length", "content-length-then-chunked", "chunked-with-content-length-and-broken-chunk",
        "x-content-length-sent-by-the-client",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BodyEndpoints_BrokenOrAmbiguousFraming_BadRequestProblemOnEveryOne(string kind)
    {
        var token = await host.AgentTokenAsync();
        foreach (var (method, path) in BodyEndpoints())
        {
            var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, Head(method, path, token) + Framing(kind));

            Assert.True(status == 400, $"{kind} {method} {path}: {head}");
            Assert.Contains("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"code\":\"body-framing-invalid\"", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("GET", "/api/security-questions")]
    [InlineData("GET", "/api/health")]
    [InlineData("DELETE", "/api/sessions/current")]
    public async Task BodylessEndpoint_TransferEncodingWithContentLength_BadRequestProblem(string method, string path)
    {
        var request = $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n";

        var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, request);

        Assert.True(status == 400, head);
        Assert.Contains("\"code\":\"body-framing-invalid\"", body, StringComparison.Ordinal);
        Assert.Null(DocumentedResponses.Violation(method, path, status, "application/problem+json", body));
    }

    [Fact]
    public async Task OwnXContentLengthBesideBothHeaders_ConnectionClosedOrBadRequestProblem()
    {
        // Kestrel 10.0 still adds its X-Content-Length with Add, which throws when the client sent one: the connection
        // closes with no response and no function runs. dotnet/aspnetcore#65445 (TryAdd) turns it into the app's 400.
        var request = Head("POST", "/api/captchas") + "X-Content-Length: 7\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n";

        var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, request);

        Assert.True(status == 0 || (status == 400 && body.Contains("\"code\":\"body-framing-invalid\"", StringComparison.Ordinal)), head);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("chunked, gzip")]
    [InlineData("identity")]
    public async Task FinalCodingNotChunked_KestrelsBadRequestBeforeAnyAppCode(string codings)
    {
        // As on the Functions host's Kestrel: RFC 9112 §6.3 says the length cannot be known, so the server answers 400
        // itself (an empty body, not the app's problem) and closes the connection.
        var request = Head("POST", "/api/captchas") + $"Transfer-Encoding: {codings}\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n";

        var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, request);

        Assert.True(status == 400, head);
        Assert.DoesNotContain("problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task GzipThenChunked_BodyNeverDecoded_BodyMalformedOnEveryBodyEndpoint()
    {
        // Kestrel removes the chunked framing only; no hop applies an earlier coding, so compressed bytes stay what they are.
        var token = await host.AgentTokenAsync();
        var gzipped = Gzip("{\"email\":\"jean@exemple.fr\"}");
        foreach (var (method, path) in BodyEndpoints())
        {
            var request = Concat(Head(method, path, token) + "Transfer-Encoding: gzip, chunked\r\n\r\n" + $"{gzipped.Length:X}\r\n", gzipped, "\r\n0\r\n\r\n");

            var (status, head, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, request);

            Assert.True(status == 400, $"{method} {path}: {head}");
            Assert.Contains("\"code\":\"body-malformed\"", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("gzip, chunked")]
    [InlineData("identity, chunked")]
    public async Task CodingBeforeChunked_NotApplied_PlainJsonReadAsWithChunkedAlone(string codings)
    {
        // Every hop frames the body by the final chunked coding alone, so they agree on where it ends; the JSON is
        // read as it is (here refused for its unknown field, which shows it was parsed).
        const string json = "{\"purpose\":\"password-recovery\",\"extra\":1}";
        var chunks = $"{json.Length:X}\r\n{json}\r\n0\r\n\r\n";

        var plain = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, Head("POST", "/api/captchas") + "Transfer-Encoding: chunked\r\n\r\n" + chunks);
        var labelled = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, Head("POST", "/api/captchas") + $"Transfer-Encoding: {codings}\r\n\r\n" + chunks);

        Assert.Equal(400, plain.Status);
        Assert.Contains("\"field-unknown\"", plain.Body, StringComparison.Ordinal);
        Assert.Equal((plain.Status, Without(plain.Body, "traceId")), (labelled.Status, Without(labelled.Body, "traceId")));
    }

    [Fact]
    public async Task BareLineFeed_EndsTheLineAsCrLfDoes_SameAnswer()
    {
        // RFC 9112 §2.2 lets a recipient take a lone LF as a line end; Kestrel does by default, on the Functions host too.
        const string json = "{\"purpose\":\"password-recovery\",\"extra\":1}";
        var crlf = Head("POST", "/api/captchas") + $"Content-Length: {json.Length}\r\n\r\n{json}";
        var lf = crlf.Replace("\r\n", "\n", StringComparison.Ordinal);
        var mixed = crlf.Replace("Content-Type: application/json\r\n", "Content-Type: application/json\n", StringComparison.Ordinal);

        var answers = new List<(int, string)>();
        foreach (var request in new[] { crlf, lf, mixed })
        {
            var (status, _, body) = await LoopbackSource.SendRawAsync(host.Host.BaseAddress, request);
            answers.Add((status, Without(body, "traceId")));
        }

        Assert.Equal(400, answers[0].Item1);
        Assert.Contains("\"field-unknown\"", answers[0].Item2, StringComparison.Ordinal);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    [Fact]
    public void LocalHostKestrel_FunctionsHostSettings()
    {
        var kestrel = host.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(FunctionsHostKestrel.MaxRequestBodySize, kestrel.Limits.MaxRequestBodySize);
        Assert.False(AppContext.TryGetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", out var disabled) && disabled);
    }

    private IEnumerable<(string Method, string Path)> BodyEndpoints()
    {
        var endpoints = host.Host.ServedHttpFunctions.Where(f => f.Method.GetCustomAttribute<RequestBodyAttribute>() is not null).ToList();
        Assert.True(endpoints.Count >= 13, $"only {endpoints.Count} endpoints read a body");
        return endpoints.Select(f => (f.HttpMethods!.Single().ToUpperInvariant(), "/api/" + f.Route!.Replace("{subscriberNumber}", "1234567890128", StringComparison.Ordinal)));
    }

    private static string Head(string method, string path, string? agentToken = null)
        => $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
           + (agentToken is null ? "" : $"Authorization: Bearer {agentToken}\r\nX-Assistance-Reason: Appel du titulaire, identite verifiee\r\n");

    private static string Framing(string kind) => kind switch
    {
        "bad-chunk-size" => "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
        "chunk-longer-than-declared" => "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"email\":1}\r\n0\r\n\r\n",
        "bad-chunk-suffix" => "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",

        // CVE-2025-55315: a lone LF inside a chunk extension, which a lenient front end could end the line at.
        "chunk-extension-with-bare-lf" => "Transfer-Encoding: chunked\r\n\r\n2;ext\nX\r\n{}\r\n0\r\n\r\n",

        // A valid chunked body that also declares a length, in both header orders, and with a broken chunk.
        "chunked-then-content-length" => "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "content-length-then-chunked" => "Content-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "chunked-with-content-length-and-broken-chunk" => "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",

        // The trace Kestrel leaves of Transfer-Encoding beside Content-Length, whoever wrote it.
        "x-content-length-sent-by-the-client" => "X-Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return compressed.ToArray();
    }

    private static byte[] Concat(string head, byte[] body, string tail) => [.. Encoding.ASCII.GetBytes(head), .. body, .. Encoding.ASCII.GetBytes(tail)];

    private static string Without(string json, string property)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(property);
        return node.ToJsonString();
    }
}
