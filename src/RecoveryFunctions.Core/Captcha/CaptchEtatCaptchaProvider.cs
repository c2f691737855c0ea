using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// The State's captcha (CaptchEtat): the service draws the image, reads the sound and judges the answer; the sealed
/// challenge keeps the step and the service's uuid (an identifier, not the answer, and useless without the PISTE secret).
/// The browser only ever sees this app's captcha id and the image: the sound is proxied and the answer is checked
/// server to server. When the service gives no usable answer the step is refused (fail closed) with
/// <see cref="ProblemCode.CaptchaUnavailable"/>, before any account is looked at, so the refusal is the same for
/// every address.
/// </summary>
public sealed partial class CaptchEtatCaptchaProvider(ICaptchEtatClient client, RecoveryMetrics metrics)
    : ICaptchaProvider, ICaptchaAudioSource
{
    /// <summary>What a refusal asks the client to wait: an outage is rarely over sooner.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>A code longer than the longest style (12) is not an answer; it is not sent on.</summary>
    private const int MaxCodeLength = 32;

    public CaptchaProviderKind Kind => CaptchaProviderKind.CaptchEtat;

    public async ValueTask<CaptchaPart> IssueAsync(CaptchaPurpose purpose, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var image = await CallAsync(() => client.GetImageAsync(cancellationToken));
        if (!UuidFormat().IsMatch(image.Uuid))
        {
            // The uuid goes into the sealed challenge and into a query string: anything but an identifier is a malformed answer.
            throw Unavailable(new CaptchEtatUnavailableException("image", CaptchEtatFailure.Malformed));
        }

        return new CaptchaPart(Bind(purpose, image.Uuid), Image: new ImageCaptcha(image.Png, Has2x: false, Length: null));
    }

    public async ValueTask<bool> VerifyAsync(CaptchaPurpose purpose, string stored, CaptchaAnswer answer, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (boundTo, uuid) = Split(stored);
        var code = (answer.Text ?? "").Trim();
        if (uuid.Length == 0 || code.Length == 0 || code.Length > MaxCodeLength)
        {
            return false;
        }

        // The service is asked even for another step's challenge: its uuid is spent either way, as the challenge is.
        var valid = await CallAsync(() => client.ValidateAsync(uuid, code, cancellationToken));
        return valid & (boundTo == purpose.ToString());
    }

    public async ValueTask<byte[]?> AudioAsync(string stored, string language, CancellationToken cancellationToken = default)
    {
        var (_, uuid) = Split(stored);
        return uuid.Length == 0 ? null : await CallAsync(() => client.GetSoundAsync(uuid, cancellationToken));
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CaptchEtatUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    private DomainException Unavailable(CaptchEtatUnavailableException failure)
    {
        metrics.CaptchEtatFail(failure.Operation, failure.Failure);
        return new DomainException(ProblemCode.CaptchaUnavailable, retryAfter: RetryAfter);
    }

    private static string Bind(CaptchaPurpose purpose, string uuid) => $"{purpose}.{uuid}";

    private static (string Purpose, string Uuid) Split(string stored)
    {
        var dot = stored.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", "") : (stored[..dot], stored[(dot + 1)..]);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex UuidFormat();
}
