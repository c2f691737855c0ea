using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// One way of telling a person from a script. <see cref="CaptchaService"/> owns the row, its single use and its
/// step binding; a provider only says what to store (never a secret in clear), what to show, and whether an answer fits.
/// </summary>
public interface ICaptchaProvider
{
    CaptchaProviderKind Kind { get; }

    CaptchaPart Issue(CaptchaPurpose purpose, TokenKeyRing ring, DateTimeOffset expiresAt);

    /// <summary>Constant work whatever the answer: the caller runs every provider before deciding.</summary>
    bool Verify(CaptchaPurpose purpose, TokenKeyRing ring, string stored, CaptchaAnswer answer, DateTimeOffset now);
}

/// <summary>A provider's share of a challenge: the row's part (no '|') and the client's part.</summary>
public sealed record CaptchaPart(string Stored, ImageCaptcha? Image = null, AltchaChallenge? ProofOfWork = null);
