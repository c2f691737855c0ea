namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// The CaptchEtat API (AIFE, through the PISTE gateway) as the provider needs it. The adapter owns the OAuth2
/// token and the HTTP; every failure to get a usable answer (unreachable, timeout, 401 after one token refresh,
/// 5xx, malformed body) is a <see cref="CaptchEtatUnavailableException"/>, never a guess. The adapter's settings
/// (PISTE URLs, client id, the style <c>c</c>, the timeout) are its own (<c>Captcha:CaptchEtat</c>).
/// </summary>
public interface ICaptchEtatClient
{
    /// <summary><c>get=image</c>: a new challenge in the configured style, its uuid and its PNG.</summary>
    Task<CaptchEtatImage> GetImageAsync(CancellationToken cancellationToken = default);

    /// <summary><c>get=sound&amp;t={uuid}</c>: the WAV reading the challenge, or null when the service no longer knows the uuid.</summary>
    Task<byte[]?> GetSoundAsync(string uuid, CancellationToken cancellationToken = default);

    /// <summary><c>POST valider-captcha {uuid, code}</c>: the service's verdict.</summary>
    Task<bool> ValidateAsync(string uuid, string code, CancellationToken cancellationToken = default);
}

/// <summary>A challenge as CaptchEtat issued it: its identifier (not the answer) and the PNG to show.</summary>
public sealed record CaptchEtatImage(string Uuid, byte[] Png);

/// <summary>Why a CaptchEtat call gave no usable answer; a closed vocabulary for logs and the failure metric.</summary>
public enum CaptchEtatFailure
{
    Unreachable,
    Timeout,
    Unauthorized,
    Throttled,
    ServerError,
    Refused,
    Malformed,
}

public sealed class CaptchEtatUnavailableException(string operation, CaptchEtatFailure failure, Exception? inner = null)
    : Exception($"CaptchEtat {operation} failed: {failure}.", inner)
{
    /// <summary><c>token</c>, <c>image</c>, <c>sound</c> or <c>validate</c>.</summary>
    public string Operation { get; } = operation;

    public CaptchEtatFailure Failure { get; } = failure;
}
