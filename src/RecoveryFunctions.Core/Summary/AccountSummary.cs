namespace RecoveryFunctions.Core.Summary;

/// <summary>The récapitulatif d'inscription: never the answer, the phone masked.</summary>
public sealed record AccountSummary(
    string SubscriberNumber,
    string Email,
    QuestionView SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt);
