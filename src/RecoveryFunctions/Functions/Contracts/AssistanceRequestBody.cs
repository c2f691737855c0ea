using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Functions.Contracts;

/// <summary>The online contact form (SPEC §2.7): at least one identifier and one way to be reached.</summary>
public sealed record AssistanceRequestBody(
    string Topic,
    string Message,
    string CaptchaId,
    string? CaptchaText = null,
    string? CaptchaProof = null,
    string? SubscriberNumber = null,
    string? Email = null,
    string? ContactEmail = null,
    string? ContactPhone = null,
    string? Language = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}

/// <summary>The same acknowledgement whatever matched: the reference to quote, and a generic text.</summary>
public sealed record AssistanceRequestAccepted(string Reference, string Message);

/// <summary>How an agent closed a request (one of the fixed outcomes).</summary>
public sealed record CloseAssistanceRequestBody(string Outcome);

/// <summary>One open request as an agent sees it: the typed text as text, the matched account's agent view if any.</summary>
public sealed record AssistanceRequestView(
    string Reference,
    DateTimeOffset ReceivedAt,
    string Topic,
    string Message,
    string Language,
    AssistanceRequestContact Contact,
    AssistanceRequestIdentifiers Typed,
    string? AssignedTo,
    DateTimeOffset? AssignedAt,
    RecoveryFunctions.Core.Assistance.AgentAccountView? Account);

public sealed record AssistanceRequestContact(string? Email, string? Phone);

public sealed record AssistanceRequestIdentifiers(string? SubscriberNumber, string? Email);
