namespace RecoveryFunctions.Core.Audit;

/// <summary>Stable names of audit events (they appear in GET /assistance/accounts/{n}/events).</summary>
public static class AuditEventTypes
{
    public const string RecoveryVerified = "recovery-verified";
    public const string RecoveryAnswerWrong = "recovery-answer-wrong";
    public const string RecoveryLocked = "recovery-locked";
    public const string PasswordReset = "password-reset";
    public const string SignInLocked = "sign-in-locked";
    public const string PasswordChanged = "password-changed";
    public const string SecurityQuestionChanged = "security-question-changed";
    public const string PhoneChanged = "phone-changed";
    public const string EmailChangeRequested = "email-change-requested";
    public const string EmailChanged = "email-changed";
    public const string AgentLookUp = "assistance-look-up";
    public const string AgentRecoveryLink = "assistance-recovery-link";
    public const string AgentUnlock = "assistance-unlock";
    public const string AgentEventsRead = "assistance-events-read";
    public const string AssistanceRequestReceived = "assistance-request-received";
    public const string AgentRequestsListed = "assistance-requests-listed";
    public const string AgentRequestAssigned = "assistance-request-assigned";
    public const string AgentRequestClosed = "assistance-request-closed";
    public const string RecoveryCodesGenerated = "recovery-codes-generated";
    public const string RecoveryCodeUsed = "recovery-code-used";

    // Passkeys.
    public const string PasskeyAdded = "passkey-added";
    public const string PasskeyRemoved = "passkey-removed";
    public const string PasskeySignIn = "passkey-sign-in";
    public const string AgentPasskeysRevoked = "assistance-passkeys-revoked";

    // FranceConnect as a way back (issue 22).
    public const string FranceConnectBound = "franceconnect-bound";
    public const string FranceConnectUnbound = "franceconnect-unbound";
    public const string FranceConnectRecovery = "franceconnect-recovery";
}
