using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Captcha;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>
/// The captcha service on the in-memory token and throttle stores: single use, hashed, expiring (what the Table token store
/// holds of single use and expiry is its contract suite's, Contracts/TokenStoreContractTests).
/// </summary>
public sealed class CaptchaServiceTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task Verify_RightAnswerOnce_TrueThenFalse()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.1");

        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText.ToLowerInvariant())));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
    }

    [Theory]
    [InlineData(CaptchaPurpose.Registration)]
    [InlineData(CaptchaPurpose.UsernameRecovery)]
    public async Task Verify_RightAnswerForAnotherStep_FalseAndConsumed(CaptchaPurpose other)
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.4");

        Assert.False(await service.VerifyAsync(other, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
    }

    [Fact]
    public async Task Verify_WrongAnswer_ConsumesTheChallenge()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.2");

        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, "AAAAAA")));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
    }

    [Fact]
    public async Task Verify_AfterFiveMinutes_False()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.3");
        graph.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        try
        {
            Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
        }
        finally
        {
            graph.Time.Advance(-(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>
    /// Issuing writes no row; the first check, right or wrong or for another step, is one insert of a marker that holds the
    /// kind and the expiry at the hash of the challenge's random id, in the challenge's expiry bucket: nothing of the id,
    /// the answer or the step at rest.
    /// </summary>
    [Theory]
    [InlineData(true, CaptchaPurpose.PasswordRecovery)]
    [InlineData(false, CaptchaPurpose.PasswordRecovery)]
    [InlineData(true, CaptchaPurpose.Registration)]
    public async Task Verify_AnyAnswer_OneMarkerInsertHoldingOnlyTheIdHash(bool rightText, CaptchaPurpose checkedFor)
    {
        var (service, renderer) = Create();
        graph.Storage.ClearOperations();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.30");
        Assert.DoesNotContain(graph.Storage.Operations, op => op.Resource == graph.Storage.Tokens.Name);
        var text = renderer.LastText;
        graph.Storage.ClearOperations();

        await service.VerifyAsync(checkedFor, new CaptchaAnswer(challenge.CaptchaId, rightText ? text : "AAAAAA"));

        Assert.Equal(["POST Tokens"], graph.Storage.Operations.Select(op => $"{op.Method} {op.Resource}"));
        var sealedChallenge = SealedChallenge.Open(await graph.Request<ITokenKeyProvider>().GetKeyRingAsync(), challenge.CaptchaId)!;
        var marker = graph.Storage.Tokens.Get(sealedChallenge.SpentMarker.Partition, sealedChallenge.SpentMarker.Row)!;
        Assert.Equal(new TokenRecord { Kind = TokenKind.SpentCaptcha, IssuedAt = graph.Time.GetUtcNow(), ExpiresAt = challenge.ExpiresAt }, marker.Value);
        Assert.StartsWith(ExpiryBucket.Format(ExpiryBucket.Of(challenge.ExpiresAt)) + "_", marker.Partition, StringComparison.Ordinal);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Base64Url.DecodeFromChars(sealedChallenge.Id))), marker.Row);
        Assert.DoesNotContain(marker.Row, challenge.CaptchaId, StringComparison.Ordinal);
    }

    /// <summary>The challenge id cannot be altered: every byte flipped is refused without touching storage, and the original still answers once.</summary>
    [Fact]
    public async Task Verify_AnyByteOfTheIdFlipped_FalseWithoutStorage()
    {
        var (service, renderer) = Create("Image+ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.31");
        var answer = new CaptchaAnswer(challenge.CaptchaId, renderer.LastText, AltchaSolver.Solve(challenge.ProofOfWork!));
        var envelope = Base64Url.DecodeFromChars(challenge.CaptchaId);
        graph.Storage.ClearOperations();

        for (var i = 0; i < envelope.Length; i++)
        {
            byte[] altered = [.. envelope];
            altered[i] ^= 0x01;
            Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer with { CaptchaId = Base64Url.EncodeToString(altered) }));
        }

        foreach (var garbage in new[] { challenge.CaptchaId[..^1], challenge.CaptchaId + "A", challenge.CaptchaId[..20], new string('A', 5000), "not base64url!" })
        {
            Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer with { CaptchaId = garbage }));
        }

        Assert.Empty(graph.Storage.Operations);
        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer));
    }

    /// <summary>Of parallel checks of one solved challenge, exactly one is accepted: one marker insert wins.</summary>
    [Fact]
    public async Task Verify_TwentyParallelChecksOfOneSolvedChallenge_OneAccepted()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.32");
        var answer = new CaptchaAnswer(challenge.CaptchaId, renderer.LastText);

        var checks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer))));

        Assert.Single(checks, accepted => accepted);
    }

    [Fact]
    public async Task Create_OneOverThePerIpLimit_RateLimited()
    {
        var (service, _) = Create(captchasPerIp: SmallLimit);
        for (var i = 0; i < SmallLimit; i++)
        {
            await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.60");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.60"));
        Assert.Equal("rate-limited", refused.Code);
    }

    [Fact]
    public async Task Audio_FreshChallenge_WavOfPlausibleLengthPerCharacter()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.10");

        foreach (var language in new[] { "fr", "en" })
        {
            var wav = await service.AudioAsync(challenge.CaptchaId, language);

            var seconds = WavAssert.DurationOf(wav);
            var length = renderer.LastText.Length;
            // Each character: a clip of 0.2-0.8 s and a pause of 0.35-0.75 s, plus lead-in and tail.
            Assert.InRange(seconds, length * 0.55, (length * 1.55) + 1.1);
        }
    }

    [Fact]
    public async Task Audio_AfterTheChallengeWasUsed_Refused()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.11");
        await service.AudioAsync(challenge.CaptchaId, "fr");
        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.AudioAsync(challenge.CaptchaId, "fr"));

        Assert.Equal("captcha-audio-unavailable", refused.Code);
    }

    [Fact]
    public async Task Audio_BeyondThePlayLimit_RefusedLikeAnUnknownChallenge()
    {
        var (service, _) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.12");
        for (var i = 0; i < CaptchaService.MaxAudioPlays; i++)
        {
            await service.AudioAsync(challenge.CaptchaId, "en");
        }

        var overLimit = await Assert.ThrowsAsync<DomainException>(() => service.AudioAsync(challenge.CaptchaId, "en"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => service.AudioAsync("unknown-captcha-id", "en"));

        Assert.Equal(unknown.Code, overLimit.Code);
        Assert.Equal(unknown.Family, overLimit.Family);
    }

    [Fact]
    public async Task Image2x_FreshChallenge_TheIssuedDrawingAt2xWithoutSpendingIt()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.13");
        var issued = Assert.Single(renderer.Drawings);

        var png = await service.Image2xAsync(challenge.CaptchaId);
        await service.Image2xAsync(challenge.CaptchaId);

        Assert.Equal(2, png[^1]); // the recording renderer's last byte is the scale
        Assert.Equal([issued, (issued.Text, 2, issued.DrawingKey), (issued.Text, 2, issued.DrawingKey)], renderer.Drawings);
        Assert.Equal(1, issued.Scale);
        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText)));
    }

    [Fact]
    public async Task Image2x_UsedExpiredOrProofOfWorkOnly_RefusedLikeAnUnknownChallenge()
    {
        var (service, renderer) = Create();
        var used = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.14");
        await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(used.CaptchaId, "AAAAAA"));
        var expired = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.14");
        var (proofOnly, _) = Create("ProofOfWork");
        var unseen = await proofOnly.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.14");
        graph.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        try
        {
            foreach (var id in new[] { used.CaptchaId, expired.CaptchaId, "unknown-captcha-id" })
            {
                Assert.Equal("captcha-image-unavailable", (await Assert.ThrowsAsync<DomainException>(() => service.Image2xAsync(id))).Code);
            }
        }
        finally
        {
            graph.Time.Advance(-(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        }

        Assert.Equal("captcha-image-unavailable", (await Assert.ThrowsAsync<DomainException>(() => proofOnly.Image2xAsync(unseen.CaptchaId))).Code);
        Assert.DoesNotContain(renderer.Drawings, d => d.Scale == 2);
    }

    [Fact]
    public async Task Verify_ProofOfWorkSolved_TrueOnceThenFalse()
    {
        var (service, _) = Create("ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.20");
        Assert.Null(challenge.Image);
        var proof = AltchaSolver.Solve(challenge.ProofOfWork!);

        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, null, proof)));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, null, proof)));
    }

    [Fact]
    public async Task Verify_ProofOfWorkForAnotherStep_False()
    {
        var (service, _) = Create("ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.Registration, "203.0.113.21");

        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, null, AltchaSolver.Solve(challenge.ProofOfWork!))));
    }

    [Fact]
    public async Task Verify_ProofOfWorkForged_False()
    {
        var (service, _) = Create("ProofOfWork");
        var forgedSignature = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.22");
        var wrongNumber = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.22");
        var otherChallenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.22");
        var donor = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.22");

        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(forgedSignature.CaptchaId, null, AltchaSolver.Solve(forgedSignature.ProofOfWork!, signature: new string('0', 64)))));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(wrongNumber.CaptchaId, null, AltchaSolver.Payload(wrongNumber.ProofOfWork!, -1))));
        // A solved challenge of another row (signed by the app) does not answer this row.
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(otherChallenge.CaptchaId, null, AltchaSolver.Solve(donor.ProofOfWork!))));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(donor.CaptchaId, null, "not base64 {")));
    }

    [Fact]
    public async Task Verify_ProofOfWorkAfterExpiry_False()
    {
        var (service, _) = Create("ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.23");
        var proof = AltchaSolver.Solve(challenge.ProofOfWork!);
        graph.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        try
        {
            Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, null, proof)));
        }
        finally
        {
            graph.Time.Advance(-(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Verify_CombinedWithOnePartMissing_False(bool withText, bool withProof)
    {
        var (service, renderer) = Create("Image+ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.24");
        Assert.NotNull(challenge.Image);

        var answer = new CaptchaAnswer(challenge.CaptchaId, withText ? renderer.LastText : null, withProof ? AltchaSolver.Solve(challenge.ProofOfWork!) : null);

        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, answer));
    }

    [Fact]
    public async Task Verify_CombinedWithBothParts_True()
    {
        var (service, renderer) = Create("Image+ProofOfWork");
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.25");

        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText, AltchaSolver.Solve(challenge.ProofOfWork!))));
    }

    /// <summary>A solved challenge is given back (docs/security/shared-addresses.md): the limit counts the unanswered ones.</summary>
    [Fact]
    public async Task Create_TenSolvedThenUnanswered_RefusedOnlyAfterTheLimitOfUnanswered()
    {
        var (service, renderer) = Create(captchasPerIp: SmallLimit);
        const string address = "203.0.113.26";
        for (var i = 0; i < 10; i++)
        {
            var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, address);
            await service.RequireAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(challenge.CaptchaId, renderer.LastText), address);
        }

        for (var i = 0; i < SmallLimit; i++)
        {
            var unanswered = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, address);
            await Assert.ThrowsAsync<DomainException>(() => service.RequireAsync(CaptchaPurpose.PasswordRecovery, new CaptchaAnswer(unanswered.CaptchaId, "FAUX"), address));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(CaptchaPurpose.PasswordRecovery, address));
        Assert.Equal("rate-limited", refused.Code);
    }

    [Fact]
    public async Task Create_OneOverThePerIpv6NetworkLimit_RateLimitedWhateverTheInterface()
    {
        var (service, _) = Create(captchasPerIp: SmallLimit);
        for (var i = 0; i < SmallLimit; i++)
        {
            await service.CreateAsync(CaptchaPurpose.PasswordRecovery, $"2001:db8:60:1::{i + 1:x}");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(CaptchaPurpose.PasswordRecovery, "2001:db8:60:1:dead:beef:1:2"));
        Assert.Equal("rate-limited", refused.Code);
    }

    /// <summary>The per-IP captcha limit the limit tests use (60 by default): the rule, not the figure.</summary>
    private const int SmallLimit = 3;

    /// <param name="captchasPerIp">A per-IP limit instead of the graph's (Throttling:CaptchasPerIpPerHour).</param>
    private (CaptchaService Service, RecordingCaptchaRenderer Renderer) Create(string provider = "Image", int? captchasPerIp = null)
    {
        var renderer = new RecordingCaptchaRenderer();
        // One request's services for the service's whole life: these tests are about the rows, not the key ring.
        var sp = graph.Request<IServiceProvider>();
        var keys = sp.GetRequiredService<ITokenKeyProvider>();
        var options = Options.Create(new CaptchaOptions { Mode = CaptchaMode.Image, Provider = provider, ProofOfWork = { MaxNumber = 2_000 } });
        var service = new CaptchaService(
            sp.GetRequiredService<RequestTokens>(),
            keys,
            [new ImageCaptchaProvider(keys, renderer, new WavCaptchaAudioRenderer(), options), new ProofOfWorkCaptchaProvider(keys, options)],
            new ClientLimits(
                sp.GetRequiredService<IThrottleStore>(),
                captchasPerIp is { } limit ? Options.Create(new ThrottleOptions { CaptchasPerIpPerHour = limit }) : sp.GetRequiredService<IOptions<ThrottleOptions>>(),
                sp.GetRequiredService<IOptions<AssistanceOptions>>()),
            sp.GetRequiredService<IThrottleStore>(),
            options,
            graph.Time,
            sp.GetRequiredService<RecoveryMetrics>());
        return (service, renderer);
    }
}
