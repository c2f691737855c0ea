namespace RecoveryFunctions.Core.Summary;

/// <summary>The récapitulatif d'inscription: never the answer, the phone masked.</summary>
/// <param name="SecurityQuestion">None under the ASVS profile (ASVS 6.4.2): the summary then has no question line at all.</param>
public sealed record AccountSummary(
    string SubscriberNumber,
    string Email,
    QuestionView? SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt);
