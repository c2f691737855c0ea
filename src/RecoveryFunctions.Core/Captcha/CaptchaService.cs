using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Issues challenges from the configured providers (<see cref="CaptchaOptions.Provider"/>, all required together)
/// and checks answers. One row holds every provider's part, bound to the step it was issued for
/// (<see cref="CaptchaPurpose"/>) so a challenge solved for one step fails at any other; it is deleted on its
/// first check, right or wrong, so it cannot be retried, and its image and audio are one answer.
/// </summary>
public sealed class CaptchaService(
    RequestTokens tokens,
    IEnumerable<ICaptchaProvider> providers,
    ClientLimits limits,
    IOptions<CaptchaOptions> options,
    TimeProvider time,
    RecoveryMetrics metrics)
{
    /// <summary>Plays of one challenge's audio: enough to listen again, too few to average the noise away.</summary>
    public const int MaxAudioPlays = 3;

    private const char PartSeparator = '|';

    private readonly ICaptchaProvider[] _active = [.. (options.Value.Providers ?? []).Select(kind => providers.Single(p => p.Kind == kind))];

    /// <summary>The provider whose challenge can be heard (Image or CaptchEtat, never both), if any.</summary>
    private ICaptchaProvider? AudioProvider => _active.SingleOrDefault(p => p is ICaptchaAudioSource);

    [Refuses(nameof(ProblemCode.RateLimited), nameof(ProblemCode.CaptchaUnavailable))]
    public async Task<CaptchaChallenge> CreateAsync(CaptchaPurpose purpose, string clientIp, CancellationToken cancellationToken = default)
    {
        await limits.SpendAsync(ClientAllowance.Captcha, clientIp, cancellationToken);

        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.Lifetime;
        var parts = new List<(CaptchaProviderKind Kind, CaptchaPart Part)>(_active.Length);
        foreach (var provider in _active)
        {
            parts.Add((provider.Kind, await provider.IssueAsync(purpose, expiresAt, cancellationToken)));
        }

        var id = await tokens.IssueAsync(new TokenRecord
        {
            Kind = TokenKind.Captcha,
            IssuedAt = now,
            ExpiresAt = expiresAt,
            Payload = string.Join(PartSeparator, parts.Select(p => $"{p.Kind}={p.Part.Stored}")),
        }, cancellationToken);
        return new CaptchaChallenge(id, expiresAt, parts.Select(p => p.Part.Image).SingleOrDefault(i => i is not null), parts.Select(p => p.Part.ProofOfWork).SingleOrDefault(c => c is not null));
    }

    /// <summary>True once when every provider accepts its part; the challenge is consumed by this call either way.</summary>
    public async Task<bool> VerifyAsync(CaptchaPurpose purpose, CaptchaAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (options.Value.Mode == CaptchaMode.AlwaysPass)
        {
            return true;
        }

        if (string.IsNullOrEmpty(answer.CaptchaId))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var stored = await tokens.FindAsync(answer.CaptchaId, TokenKind.Captcha, cancellationToken);
        if (stored is null || stored.Record.ExpiresAt <= now || !await tokens.TryDeleteAsync(stored, cancellationToken))
        {
            return false;
        }

        var parts = Parts(stored.Record);
        var accepted = true;
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
    /// unknown, used, expired or silent challenge, and after <see cref="MaxAudioPlays"/> plays.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaAudioUnavailable))]
    public async Task<byte[]> AudioAsync(string captchaId, string language, CancellationToken cancellationToken = default)
    {
        var source = AudioProvider;
        var stored = string.IsNullOrEmpty(captchaId) || source is null ? null : await tokens.FindAsync(captchaId, TokenKind.Captcha, cancellationToken);
        if (stored is null || stored.Record.ExpiresAt <= time.GetUtcNow() || stored.Record.Attempts >= MaxAudioPlays
            || !Parts(stored.Record).TryGetValue(source!.Kind, out var part)
            // Counted before it is played, ETag-guarded: parallel plays cannot exceed the limit.
            || !await tokens.TryReplaceAsync(stored, stored.Record with { Attempts = stored.Record.Attempts + 1 }, cancellationToken))
        {
            throw new DomainException(ProblemCode.CaptchaAudioUnavailable);
        }

        var wav = await ((ICaptchaAudioSource)source).AudioAsync(part, language, cancellationToken);
        return wav ?? throw new DomainException(ProblemCode.CaptchaAudioUnavailable);
    }

    /// <summary>
    /// The challenge's image at 2×, drawn when a screen asks for it (<c>srcset</c>) rather than sent with every
    /// challenge. It reads the row without spending it and refuses alike an unknown, used or expired challenge. It
    /// is not counted like the audio: the same key draws the same picture, so fetching it again shows nothing new.
    /// </summary>
    [Refuses(nameof(ProblemCode.CaptchaImageUnavailable))]
    public async Task<byte[]> Image2xAsync(string captchaId, CancellationToken cancellationToken = default)
    {
        var source = _active.SingleOrDefault(p => p is ICaptchaImageSource);
        var stored = string.IsNullOrEmpty(captchaId) || source is null ? null : await tokens.FindAsync(captchaId, TokenKind.Captcha, cancellationToken);
        var png = stored is null || stored.Record.ExpiresAt <= time.GetUtcNow() || !Parts(stored.Record).TryGetValue(source!.Kind, out var part)
            ? null
            : await ((ICaptchaImageSource)source).Image2xAsync(part, cancellationToken);
        return png ?? throw new DomainException(ProblemCode.CaptchaImageUnavailable);
    }

    private static Dictionary<CaptchaProviderKind, string> Parts(TokenRecord record)
    {
        var parts = new Dictionary<CaptchaProviderKind, string>();
        foreach (var part in (record.Payload ?? "").Split(PartSeparator))
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
