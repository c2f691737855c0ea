namespace RecoveryFunctions.BrowserTests;

/// <summary>A holder of the browser journeys: a unique address per test, a password that follows the seed policy.</summary>
public sealed record TestAccount(string Email, string Password, string Answer, string SubscriberNumber = "")
{
    /// <summary>"Dans quelle rue habitiez-vous à l'âge de dix ans ?" in the built-in question list.</summary>
    public const int QuestionId = 7;

    public static TestAccount New() =>
        new($"usager.{Guid.NewGuid():N}@example.fr", "Horizon-Clair-2031", "Rue des Lilas");
}
