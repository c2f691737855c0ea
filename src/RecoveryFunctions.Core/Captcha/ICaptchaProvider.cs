using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// One way of telling a person from a script. <see cref="CaptchaService"/> owns the sealed challenge and its single use; a
/// provider says what to seal (never a secret in clear, bound to the step), what to show, and whether an answer fits. Async
/// because a provider may ask a service (CaptchEtat). A provider that keys its parts asks the request's
/// <see cref="ITokenKeyProvider"/> itself, so it is registered per scope.
/// </summary>
public interface ICaptchaProvider
{
    CaptchaProviderKind Kind { get; }

    ValueTask<CaptchaPart> IssueAsync(CaptchaPurpose purpose, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Constant work whatever the answer: the caller runs every provider before deciding.</summary>
    ValueTask<bool> VerifyAsync(CaptchaPurpose purpose, string stored, CaptchaAnswer answer, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A provider whose challenge can also be heard (RGAA 1.5): the same characters as its image.</summary>
public interface ICaptchaAudioSource
{
    /// <summary>The WAV for the sealed part, or null when there is none to play (the caller answers as for an unknown challenge).</summary>
    ValueTask<byte[]?> AudioAsync(string stored, string language, CancellationToken cancellationToken = default);
}

/// <summary>A provider that can draw its image again at 2× on request, the same drawing as the 1× it issued.</summary>
public interface ICaptchaImageSource
{
    /// <summary>The 2× PNG for the sealed part, or null when there is none (the caller answers as for an unknown challenge).</summary>
    ValueTask<byte[]?> Image2xAsync(string stored, CancellationToken cancellationToken = default);
}

/// <summary>A provider's share of a challenge: the part sealed into the challenge id (no '|') and the client's part.</summary>
public sealed record CaptchaPart(string Stored, ImageCaptcha? Image = null, AltchaChallenge? ProofOfWork = null);
