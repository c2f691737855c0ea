using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Functions;

/// <summary>
/// What the API shows of an account: the holder's récapitulatif (activation, email confirmation, the account page,
/// a reset). Mapped here from Core so the wire format is the function app's.
/// </summary>
public sealed record AccountSummaryResponse(
    string SubscriberNumber,
    string Email,
    QuestionResponse? SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt)
{
    public static AccountSummaryResponse From(AccountSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.SubscriberNumber, summary.Email, QuestionResponse.From(summary.SecurityQuestion), summary.Phone, summary.Status, summary.RegisteredAt, summary.PasswordChangedAt);
    }
}

/// <summary>
/// The agent view (contract §3): the summary plus the locks, how many passkeys (never a key) and whether a FranceConnect
/// identity is bound (never the identity; absent where not read), never the answer, a hash or a token.
/// </summary>
public sealed record AgentAccountResponse(
    string SubscriberNumber,
    string Email,
    QuestionResponse? SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? RecoveryLockedUntil,
    DateTimeOffset? SignInLockedUntil,
    int PasskeyCount,
    bool? FranceConnectBound = null)
{
    public static AgentAccountResponse From(AgentAccountView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            view.SubscriberNumber, view.Email, QuestionResponse.From(view.SecurityQuestion), view.Phone, view.Status, view.RegisteredAt,
            view.PasswordChangedAt, view.RecoveryLockedUntil, view.SignInLockedUntil, view.PasskeyCount, view.FranceConnectBound);
    }
}

/// <summary>A security question in the request's language.</summary>
public sealed record QuestionResponse(int Id, string Text)
{
    /// <summary>None under the ASVS profile: the field is then <c>null</c>, never an empty question.</summary>
    public static QuestionResponse? From(QuestionView? question) => question is null ? null : new(question.Id, question.Text);
}
