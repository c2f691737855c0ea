namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Characters a person cannot confuse: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, and since a reading test of the drawn
/// glyphs, no 4 (read as A) and no U (read as V). The audio clips are generated from this list
/// (Infrastructure/Captcha/Audio/generate-clips.py): regenerate them when it changes.
/// </summary>
public static class CaptchaAlphabet
{
    public const string Characters = "3679ACDEFGHJKMNPQRTVWXY";
}
