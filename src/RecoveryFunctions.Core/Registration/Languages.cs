namespace RecoveryFunctions.Core.Registration;

/// <summary>Languages an account's emails can be written in.</summary>
public static class Languages
{
    public const string French = "fr";
    public const string English = "en";

    public static bool IsSupported(string? language) => language is French or English;

    /// <summary>"en" or "en-…" (any case): English; anything else falls back to French.</summary>
    public static bool IsEnglish(string? language) =>
        language is not null
        && (language.Equals(English, StringComparison.OrdinalIgnoreCase) || language.StartsWith("en-", StringComparison.OrdinalIgnoreCase));
}
