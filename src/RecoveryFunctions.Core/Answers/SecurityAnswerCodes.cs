namespace RecoveryFunctions.Core.Answers;

/// <summary>Stable codes for security answers that fail the length rule.</summary>
public static class SecurityAnswerCodes
{
    public const string TooShort = "answer-too-short";
    public const string TooLong = "answer-too-long";
}
