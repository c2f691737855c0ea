using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>The client's signing code, the client's pipeline policy and the local verifier, each against one openssl vector.</summary>
public sealed class AcsHmacSignatureTests
{
    private readonly AcsHmacVector _vector = AcsHmacVector.Load();

    [Fact]
    public void Signer_OpensslVector_ProducesExpectedHashSignatureAndHeader()
    {
        var contentHash = AcsHmacSigner.ComputeContentHash(Encoding.UTF8.GetBytes(_vector.Body));
        var stringToSign = AcsHmacSigner.BuildStringToSign(
            _vector.Method, _vector.Url.PathAndQuery, _vector.Date, AcsHmacSigner.SignedHost(_vector.Url), contentHash);
        var signature = AcsHmacSigner.ComputeSignature(Convert.FromBase64String(_vector.AccessKey), stringToSign);

        Assert.Equal(_vector.ExpectedContentHash, contentHash);
        Assert.Equal(_vector.ExpectedSignature, signature);
        Assert.Equal(_vector.ExpectedAuthorization, AcsHmacSigner.FormatAuthorization(signature));
    }

    [Fact]
    public async Task Policy_OpensslVector_SendsExpectedHeaders()
    {
        var handler = new CapturingHandler();
        var clock = new FixedTimeProvider(DateTimeOffset.ParseExact(_vector.Date, "r", CultureInfo.InvariantCulture));
        var secrets = new StaticSecretSource(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = _vector.AccessKey });
        var pipeline = HttpPipelineBuilder.Build(
            new AcsEmailClientOptions { Transport = new HttpClientTransport(handler) },
            new AcsHmacAuthenticationPolicy(secrets, clock));

        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(_vector.Url);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(_vector.Body));
        await pipeline.SendAsync(message, CancellationToken.None);

        Assert.Equal(202, message.Response.Status);
        Assert.Equal(_vector.Date, handler.Headers["x-ms-date"]);
        Assert.Equal(_vector.ExpectedContentHash, handler.Headers["x-ms-content-sha256"]);
        Assert.Equal(_vector.ExpectedAuthorization, handler.Headers["Authorization"]);
    }

    [Fact]
    public void LocalVerifier_OpensslVector_AcceptsAndRejectsTampering()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.ParseExact(_vector.Date, "r", CultureInfo.InvariantCulture).AddMinutes(3));
        var verifier = new LocalAcsHmacVerifier(new LocalAcsEmailOptions { AccessKey = _vector.AccessKey, MailboxDirectory = "unused" }, clock);
        var body = Encoding.UTF8.GetBytes(_vector.Body);

        string? Verify(string pathAndQuery, byte[] content) => verifier.Verify(
            _vector.Method, pathAndQuery, _vector.Url.Authority, _vector.Date, _vector.ExpectedContentHash, _vector.ExpectedAuthorization, content);

        Assert.Null(Verify(_vector.Url.PathAndQuery, body));
        Assert.NotNull(Verify(_vector.Url.PathAndQuery.Replace("2025", "2024", StringComparison.Ordinal), body));
        Assert.NotNull(Verify(_vector.Url.PathAndQuery, Encoding.UTF8.GetBytes(_vector.Body.Replace("Bonjour", "Bonsoir", StringComparison.Ordinal))));
    }

    [Fact]
    public void LocalVerifier_DateOlderThanFifteenMinutes_Rejects()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.ParseExact(_vector.Date, "r", CultureInfo.InvariantCulture).AddMinutes(16));
        var verifier = new LocalAcsHmacVerifier(new LocalAcsEmailOptions { AccessKey = _vector.AccessKey, MailboxDirectory = "unused" }, clock);

        var reason = verifier.Verify(
            _vector.Method, _vector.Url.PathAndQuery, _vector.Url.Authority, _vector.Date, _vector.ExpectedContentHash,
            _vector.ExpectedAuthorization, Encoding.UTF8.GetBytes(_vector.Body));

        Assert.Contains("x-ms-date", reason, StringComparison.Ordinal);
    }
}
