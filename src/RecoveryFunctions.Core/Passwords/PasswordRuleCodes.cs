namespace RecoveryFunctions.Core.Passwords;

/// <summary>Stable codes for password rule violations; clients and problem responses key on them.</summary>
public static class PasswordRuleCodes
{
    public const string TooShort = "password-too-short";
    public const string TooLong = "password-too-long";
    public const string LetterRequired = "password-letter-required";
    public const string DigitRequired = "password-digit-required";
    public const string Whitespace = "password-whitespace";
    public const string NonAscii = "password-non-ascii";

    /// <summary>Control characters or lone surrogates: never printable in either profile.</summary>
    public const string InvalidCharacter = "password-invalid-character";

    public const string Common = "password-common";
    public const string ContainsPersonalData = "password-contains-personal-data";
    public const string Reused = "password-reused";
}
