namespace RecoveryFunctions.Core.Options;

public enum CaptchaMode
{
    /// <summary>A PNG challenge; the answer is stored hashed, single use.</summary>
    Image,

    /// <summary>Every answer passes. Accepted only in the Development environment.</summary>
    AlwaysPass,
}

public sealed class CaptchaOptions
{
    public const string SectionName = "Captcha";

    public CaptchaMode Mode { get; set; } = CaptchaMode.Image;

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    public int Length { get; set; } = 6;
}
