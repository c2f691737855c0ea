using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Functions.Contracts;

/// <summary>
/// A challenge: for the <c>Image</c> provider the image (1× and 2× data URIs), its alt text, the number of
/// characters and the audio path; for <c>ProofOfWork</c> the ALTCHA challenge for the widget. Fields of a provider
/// not configured are null.
/// </summary>
public sealed record CaptchaResponse(
    string CaptchaId,
    string? Image,
    string? Image2x,
    string? AltText,
    int? Length,
    string? AudioUrl,
    AltchaChallenge? ProofOfWork,
    DateTimeOffset ExpiresAt,
    string Purpose);
