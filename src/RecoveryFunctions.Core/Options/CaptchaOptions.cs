using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

public enum CaptchaMode
{
    /// <summary>Challenges from the configured <see cref="CaptchaOptions.Provider"/>; answers single use.</summary>
    Image,

    /// <summary>Every answer passes. Accepted only in the Development environment.</summary>
    AlwaysPass,
}

/// <summary>One way of telling a person from a script; several can be required together.</summary>
public enum CaptchaProviderKind
{
    /// <summary>The built-in image (with its audio alternative): characters to copy.</summary>
    Image,

    /// <summary>An ALTCHA-compatible proof of work solved by the browser: nothing to read or hear.</summary>
    ProofOfWork,

    /// <summary>The State's captcha service (AIFE, through PISTE): its image and sound, checked by the service.</summary>
    CaptchEtat,
}

/// <summary>
/// Which captchas a person must pass and how long they last. The CaptchEtat service's own settings
/// (<c>Captcha:CaptchEtat</c>) belong to its adapter (<c>CaptchEtatOptions</c>).
/// </summary>
public sealed class CaptchaOptions
{
    public const string SectionName = "Captcha";

    public CaptchaMode Mode { get; set; } = CaptchaMode.Image;

    /// <summary>
    /// Providers required together, joined by '+': <c>Image</c>, <c>ProofOfWork</c>, <c>CaptchEtat</c>, <c>Image+ProofOfWork</c>,
    /// <c>CaptchEtat+ProofOfWork</c>. <c>Image</c> and <c>CaptchEtat</c> are never combined: a challenge shows one image and one audio.
    /// </summary>
    public string Provider { get; set; } = nameof(CaptchaProviderKind.Image);

    /// <summary>How long a challenge can be answered: long enough to read, listen and type; short enough not to be farmed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Below this the answer is guessable; above, the glyphs get too narrow to read in the image.</summary>
    public const int MinLength = 4;
    public const int MaxLength = 10;

    [Range(MinLength, MaxLength)]
    public int Length { get; set; } = 6;

    public ProofOfWorkCaptchaOptions ProofOfWork { get; set; } = new();

    /// <summary>The parsed <see cref="Provider"/>, or null when it names an unknown provider, none, one twice, or both images.</summary>
    public IReadOnlyList<CaptchaProviderKind>? Providers
    {
        get
        {
            var kinds = new List<CaptchaProviderKind>();
            foreach (var name in (Provider ?? "").Split('+', StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<CaptchaProviderKind>(name, ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || kinds.Contains(kind))
                {
                    return null;
                }

                kinds.Add(kind);
            }

            return kinds.Contains(CaptchaProviderKind.Image) && kinds.Contains(CaptchaProviderKind.CaptchEtat) ? null : kinds;
        }
    }
}

public sealed class ProofOfWorkCaptchaOptions
{
    /// <summary>Bounds of <see cref="MaxNumber"/>: below, a script solves it for free; above, a phone gives up.</summary>
    public const int MinMaxNumber = 1_000;
    public const int MaxMaxNumber = 10_000_000;

    /// <summary>
    /// The secret number is drawn from 0..MaxNumber-1, so a solver computes on average MaxNumber/2 SHA-256 hashes.
    /// 50,000 keeps a phone-class median solve near 1.5 s in the widget (README, "Captcha providers").
    /// </summary>
    public int MaxNumber { get; set; } = 50_000;
}

/// <param name="environmentName">The host's environment: <see cref="CaptchaMode.AlwaysPass"/> is refused outside Development.</param>
public sealed class CaptchaOptionsValidator(string environmentName) : OptionsValidator<CaptchaOptions>(CaptchaOptions.SectionName)
{
    private bool IsDevelopment => string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);

    protected override void Check(CaptchaOptions options, List<string> failures)
    {
        if (options.Mode == CaptchaMode.AlwaysPass && !IsDevelopment)
        {
            failures.Add($"{Key(nameof(options.Mode))}=AlwaysPass is allowed only in the Development environment (current: '{environmentName}').");
        }

        if (options.Providers is null)
        {
            failures.Add($"{Key(nameof(options.Provider))} must name one or more of {string.Join(", ", Enum.GetNames<CaptchaProviderKind>())} joined by '+', each once, Image and CaptchEtat never together (e.g. 'Image+ProofOfWork', 'CaptchEtat+ProofOfWork').");
        }

        if (options.ProofOfWork.MaxNumber is < ProofOfWorkCaptchaOptions.MinMaxNumber or > ProofOfWorkCaptchaOptions.MaxMaxNumber)
        {
            failures.Add($"{Key("ProofOfWork:MaxNumber")} must be between {ProofOfWorkCaptchaOptions.MinMaxNumber} and {ProofOfWorkCaptchaOptions.MaxMaxNumber}.");
        }
    }
}
