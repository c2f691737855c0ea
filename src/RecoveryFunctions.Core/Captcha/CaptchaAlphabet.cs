namespace RecoveryFunctions.Core.Captcha;

/// <summary>Characters a person cannot confuse (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).</summary>
public static class CaptchaAlphabet
{
    public const string Characters = "34679ACDEFGHJKMNPQRTUVWXY";
}
