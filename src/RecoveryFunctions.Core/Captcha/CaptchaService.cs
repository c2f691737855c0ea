using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Issues image challenges and checks answers. The answer is stored only as an HMAC bound to the
/// challenge row and to the step it was issued for (<see cref="CaptchaPurpose"/>), so a challenge solved for
/// one step fails at any other; it is deleted on its first check, right or wrong, so it cannot be retried.
/// </summary>
public sealed class CaptchaService(
    ITokenStore tokens,
    ITokenKeyProvider keys,
    ICaptchaImageRenderer renderer,
    IThrottleStore throttles,
    IOptions<CaptchaOptions> options,
    IOptions<ThrottleOptions> throttleOptions,
    TimeProvider time,
    RecoveryMetrics metrics)
{
    public async Task<CaptchaChallenge> CreateAsync(CaptchaPurpose purpose, string clientIp, CancellationToken cancellationToken = default)
    {
        var decision = await throttles.HitAsync("captcha-ip", clientIp, throttleOptions.Value.CaptchasPerIpPerHour, TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            throw new DomainException(ErrorCodes.RateLimited, DomainErrorKind.TooManyRequests, retryAfter: decision.RetryAfter);
        }

        var text = RandomNumberGenerator.GetString(CaptchaAlphabet.Characters, options.Value.Length);
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.Lifetime;
        var ring = await keys.GetKeyRingAsync(cancellationToken);

        var id = await tokens.IssueAsync(new TokenRecord
        {
            Kind = TokenKind.Captcha,
            IssuedAt = now,
            ExpiresAt = expiresAt,
            Payload = SaltedSecret.Protect(ring, Bound(purpose, text)),
        }, cancellationToken);
        return new CaptchaChallenge(id, renderer.RenderPng(text), expiresAt);
    }

    /// <summary>True once for the right answer; the challenge is consumed by this call either way.</summary>
    public async Task<bool> VerifyAsync(CaptchaPurpose purpose, string? captchaId, string? answer, CancellationToken cancellationToken = default)
    {
        if (options.Value.Mode == CaptchaMode.AlwaysPass)
        {
            return true;
        }

        if (string.IsNullOrEmpty(captchaId) || string.IsNullOrEmpty(answer))
        {
            return false;
        }

        var stored = await tokens.FindAsync(captchaId, TokenKind.Captcha, cancellationToken);
        if (stored is null || stored.Record.ExpiresAt <= time.GetUtcNow() || !await tokens.TryDeleteAsync(stored, cancellationToken))
        {
            return false;
        }

        var ring = await keys.GetKeyRingAsync(cancellationToken);
        return SaltedSecret.Matches(ring, stored.Record.Payload, Bound(purpose, answer.Trim().ToUpperInvariant()));
    }

    /// <summary>Throws the API's captcha refusal unless the answer is right.</summary>
    public async Task RequireAsync(CaptchaPurpose purpose, string? captchaId, string? answer, CancellationToken cancellationToken = default)
    {
        var solved = await VerifyAsync(purpose, captchaId, answer, cancellationToken);
        metrics.CaptchaCheck(solved);
        if (!solved)
        {
            throw new DomainException(ErrorCodes.CaptchaInvalid, DomainErrorKind.Validation);
        }
    }

    // The step goes into the MAC with the answer: no stored field to forget to compare.
    private static string Bound(CaptchaPurpose purpose, string text) => $"{purpose}:{text}";
}
