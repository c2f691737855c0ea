using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Issues challenges from the configured providers (<see cref="CaptchaOptions.Provider"/>, all required together)
/// and checks answers. A challenge is written nowhere: its id is a <see cref="SealedChallenge"/> (every provider's part,
/// the step it was issued for, its expiry and a random id, sealed under the token key ring), so a challenge solved for
/// one step fails at any other and the client can neither read nor alter it. Its first check, right or wrong, inserts
/// a spent marker at the hash of its random id (<see cref="TokenKind.SpentCaptcha"/>); a second check meets that row
/// and fails, so it cannot be retried; its image and audio are one answer (docs/decisions/0009-sealed-captcha.md).
/// </summary>
public sealed class CaptchaService(
    RequestTokens tokens,
    ITokenKeyProvider keys,
    IEnumerable<ICaptchaProvider> providers,
    ClientLimits limits,
    IThrottleStore throttles,
    IOptions<CaptchaOptions> options,
    TimeProvider time,
    RecoveryMetrics metrics)
{
    /// <summary>Plays of one challenge's audio: enough to listen again, too few to average the noise away.</summary>
    public const int MaxAudioPlays = 3;

    /// <summary>The audio plays' throttle scope: one counter per challenge, keyed by its random id.</summary>
    public const string AudioPlaysScope = "captcha-audio";

    private const char PartSeparator = '|';

    private readonly ICaptchaProvider[] _active = [.. (options.Value.Providers ?? []).Select(kind => providers.Single(p => p.Kind == kind))];

    /// <summary>The provider whose challenge can be heard (Image or CaptchEtat, never both), if any.</summary>
    private ICaptchaProvider? AudioProvider => _active.SingleOrDefault(p => p is ICaptchaAudioSource);

    [Refuses(nameof(ProblemCode.RateLimited), nameof(ProblemCode.CaptchaUnavailable))]
    public async Task<CaptchaChallenge> CreateAsync(CaptchaPurpose purpose, string clientIp, CancellationToken cancellationToken = default)
    {
        await limits.SpendAsync(ClientAllowance.Captcha, clientIp, cancellationToken);

        var expiresAt = time.GetUtcNow() + options.Value.Lifetime;
        var parts = new List<(CaptchaProviderKind Kind, CaptchaPart Part)>(_active.Length);
        foreach (var provider in _active)
        {
            parts.Add((provider.Kind, await provider.IssueAsync(purpose, expiresAt, cancellationToken)));
        }

        var challenge = SealedChallenge.New(purpose, expiresAt, string.Join(PartSeparator, parts.Select(p => $"{p.Kind}={p.Part.Stored}")));
        var id = challenge.Seal(await keys.GetKeyRingAsync(cancellationToken));
        return new CaptchaChallenge(id, expiresAt, parts.Select(p => p.Part.Image).SingleOrDefault(i => i is not null), parts.Select(p => p.Part.ProofOfWork).SingleOrDefault(c => c is not null));
    }

    /// <summary>True once when every provider accepts its part; the challenge is spent by this call either way.</summary>
    public async Task<bool> VerifyAsync(CaptchaPurpose purpose, CaptchaAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (options.Value.Mode == CaptchaMode.AlwaysPass)
        {
            return true;
        }

        var now = time.GetUtcNow();
        // Unreadable, altered or expired: refused without a storage operation. Otherwise spent by one insert, whatever
        // the answer: of parallel checks exactly one inserts the marker, the others meet its 409.
        var challenge = await OpenLiveAsync(answer.CaptchaId, now, cancellationToken);
        if (challenge is null || !await tokens.TryAddAsync(challenge.SpentMarker, challenge.SpentRecord(now), cancellationToken))
        {
            return false;
        }

        var parts = Parts(challenge.Parts);
        var accepted = challenge.Purpose == purpose;
        foreach (var provider in _active)
        {
            // Every provider runs (no short-circuit): which part was wrong does not show in the timing.
            accepted &= parts.TryGetValue(provider.Kind, out var part) & await provider.VerifyAsync(purpose, part ?? "", answer, now, cancellationToken);
        }

        return accepted;
    }

    /// <summary>
    /// Throws the API's captcha refusal unless the answer is right. A right answer gives the client's challenge back
    /// (<see cref="ClientAllowance.Captcha"/>): the per-client count holds the challenges nobody answered.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaInvalid))]
    public async Task RequireAsync(CaptchaPurpose purpose, CaptchaAnswer answer, string clientIp, CancellationToken cancellationToken = default)
    {
        await RequireSolvedAsync(purpose, answer, cancellationToken);
        await limits.GiveBackAsync(ClientAllowance.Captcha, clientIp, cancellationToken);
    }

    /// <summary>
    /// <see cref="RequireAsync"/> without the give-back, for a step that writes it with the count it makes anyway
    /// (<see cref="ClientLimits.SpendGivingBackAsync"/>), and so must
    /// give <see cref="ClientAllowance.Captcha"/> back itself on every path past this check.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaInvalid))]
    public async Task RequireSolvedAsync(CaptchaPurpose purpose, CaptchaAnswer answer, CancellationToken cancellationToken = default)
    {
        var solved = await VerifyAsync(purpose, answer, cancellationToken);
        metrics.CaptchaCheck(solved);
        if (!solved)
        {
            throw new DomainException(ProblemCode.CaptchaInvalid);
        }
    }

    /// <summary>
    /// The challenge's characters read aloud (WAV), for a challenge not yet used or expired: refused alike for an
    /// unknown, altered, used, expired or silent challenge, and after <see cref="MaxAudioPlays"/> plays.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaAudioUnavailable))]
    public async Task<byte[]> AudioAsync(string captchaId, string language, CancellationToken cancellationToken = default)
    {
        var source = AudioProvider;
        var challenge = source is null ? null : await OpenUnspentAsync(captchaId, cancellationToken);
        if (challenge is null || !Parts(challenge.Parts).TryGetValue(source!.Kind, out var part)
            // Counted before it is played, in the shared throttle store: parallel plays cannot exceed the limit.
            || !(await throttles.HitAsync([AudioPlays(challenge)], AudioPlaysWindow, cancellationToken)).Allowed)
        {
            throw new DomainException(ProblemCode.CaptchaAudioUnavailable);
        }

        var wav = await ((ICaptchaAudioSource)source).AudioAsync(part, language, cancellationToken);
        return wav ?? throw new DomainException(ProblemCode.CaptchaAudioUnavailable);
    }

    /// <summary>
    /// The challenge's image at 2×, drawn when a screen asks for it (<c>srcset</c>) rather than sent with every
    /// challenge: re-drawn from the sealed seed, without spending the challenge (one point read of its spent marker), and
    /// refused alike for an unknown, altered, used or expired challenge. It is not counted like the audio: the same key
    /// draws the same picture, so fetching it again shows nothing new.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaImageUnavailable))]
    public async Task<byte[]> Image2xAsync(string captchaId, CancellationToken cancellationToken = default)
    {
        var source = _active.SingleOrDefault(p => p is ICaptchaImageSource);
        var challenge = source is null ? null : await OpenUnspentAsync(captchaId, cancellationToken);
        var png = challenge is null || !Parts(challenge.Parts).TryGetValue(source!.Kind, out var part)
            ? null
            : await ((ICaptchaImageSource)source).Image2xAsync(part, cancellationToken);
        return png ?? throw new DomainException(ProblemCode.CaptchaImageUnavailable);
    }

    /// <summary>
    /// The plays' window: three lifetimes, sliding, so a challenge's whole life fits in the window and the one before.
    /// A challenge whose life straddles a window boundary sees its earlier plays weighted at more than two thirds, so it
    /// gets at most one play more (the estimate is rounded down): docs/decisions/0009-sealed-captcha.md.
    /// </summary>
    private TimeSpan AudioPlaysWindow => options.Value.Lifetime * 3;

    private static ThrottleCounter AudioPlays(SealedChallenge challenge) => new(AudioPlaysScope, challenge.Id, MaxAudioPlays) { Sliding = true };

    /// <summary>The sealed challenge behind a presented id if it opens and has not expired; nothing is read.</summary>
    private async Task<SealedChallenge?> OpenLiveAsync(string? captchaId, DateTimeOffset now, CancellationToken cancellationToken)
        => string.IsNullOrEmpty(captchaId) ? null
            : SealedChallenge.Open(await keys.GetKeyRingAsync(cancellationToken), captchaId) is { } challenge && challenge.ExpiresAt > now ? challenge : null;

    /// <summary><see cref="OpenLiveAsync"/>, and not yet checked: one point read of its spent marker.</summary>
    private async Task<SealedChallenge?> OpenUnspentAsync(string? captchaId, CancellationToken cancellationToken)
        => await OpenLiveAsync(captchaId, time.GetUtcNow(), cancellationToken) is { } challenge
            && await tokens.GetAsync(challenge.SpentMarker, cancellationToken) is null ? challenge : null;

    private static Dictionary<CaptchaProviderKind, string> Parts(string payload)
    {
        var parts = new Dictionary<CaptchaProviderKind, string>();
        foreach (var part in payload.Split(PartSeparator))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Enum.TryParse<CaptchaProviderKind>(part[..equals], out var kind))
            {
                parts[kind] = part[(equals + 1)..];
            }
        }

        return parts;
    }
}
