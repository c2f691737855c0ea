namespace RecoveryFunctions.Core.Captcha;

/// <summary>An issued challenge: what each configured provider shows the client (the others are null).</summary>
public sealed record CaptchaChallenge(string CaptchaId, DateTimeOffset ExpiresAt, ImageCaptcha? Image, AltchaChallenge? ProofOfWork);

/// <summary>
/// An image to copy: the drawing at 1×, whether the same drawing can be fetched at 2× (for zoom and dense screens,
/// <see cref="CaptchaService.Image2xAsync"/>), and how many characters to type, when the provider knows them.
/// </summary>
public sealed record ImageCaptcha(byte[] Png, bool Has2x, int? Length);

/// <summary>What a step body carries back: the challenge id, the typed characters, the solved proof of work.</summary>
public sealed record CaptchaAnswer(string? CaptchaId, string? Text, string? Proof = null);
