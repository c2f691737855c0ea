namespace RecoveryFunctions.Core.Registration;

/// <summary>Languages an account's emails can be written in.</summary>
public static class Languages
{
    public const string French = "fr";
    public const string English = "en";

    public static bool IsSupported(string? language) => language is French or English;
}
