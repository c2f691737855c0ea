namespace RecoveryFunctions.Core.Email;

/// <summary>Every email the product sends. Values each template reads are listed in <see cref="EmailValueKeys"/>.</summary>
public enum EmailTemplate
{
    /// <summary>Registration: link to activate (ActivationUrl).</summary>
    ActivationLink,

    /// <summary>Registration attempt with an address that already has an account (AssistanceUrl, SignInUrl).</summary>
    AlreadyRegistered,

    /// <summary>Récapitulatif d'inscription after activation (SubscriberNumber, Email, Question, Phone, Date).</summary>
    RegistrationSummary,

    /// <summary>Sign-in locked after repeated failures (LockedUntil, AssistanceUrl).</summary>
    SignInLocked,

    /// <summary>Forgotten password: link and code (RecoveryUrl, Code, ExpiresAt).</summary>
    RecoveryLink,

    /// <summary>Self-service recovery locked after wrong answers (LockedUntil, AssistanceUrl).</summary>
    RecoveryLocked,

    /// <summary>A recovery was asked while self-service recovery is locked: the lock's end and the helpdesk (LockedUntil, AssistanceUrl).</summary>
    RecoveryStillLocked,

    /// <summary>"Votre mot de passe a été modifié" (Date, AssistanceUrl).</summary>
    PasswordChanged,

    /// <summary>Forgotten username: the login email (Email, SubscriberNumber).</summary>
    UsernameReminder,

    /// <summary>Email change: link sent to the new address (ConfirmUrl, ExpiresAt).</summary>
    EmailChangeLink,

    /// <summary>Email change requested: notice to the old address (NewEmailMasked, AssistanceUrl).</summary>
    EmailChangeRequested,

    /// <summary>Email changed (to the old address) (NewEmailMasked, AssistanceUrl).</summary>
    EmailChanged,

    /// <summary>Security question changed (Date, AssistanceUrl).</summary>
    SecurityQuestionChanged,

    /// <summary>Phone changed or removed (Phone, AssistanceUrl).</summary>
    PhoneChanged,

    /// <summary>A helpdesk agent acted on the account (Action, Date, AssistanceUrl).</summary>
    AssistanceAction,

    /// <summary>Helpdesk recovery link that skips the question (RecoveryUrl, ExpiresAt).</summary>
    HelpdeskRecoveryLink,

    /// <summary>An online assistance request naming the account was received (Reference, Date), to the registered address only.</summary>
    AssistanceRequestReceived,

    /// <summary>
    /// Instead of <see cref="AssistanceRequestReceived"/> when the request's message held the account's password or
    /// answer: it was masked before storage, and the holder is asked to change it (ExposedSecret, Reference, Date).
    /// </summary>
    AssistanceRequestSecretRedacted,

    /// <summary>A new set of saved recovery codes was generated; the old one no longer works (Date, AssistanceUrl). Never the codes.</summary>
    RecoveryCodesGenerated,

    /// <summary>A saved recovery code opened a password reset (Date, CodesLeft, AssistanceUrl).</summary>
    RecoveryCodeUsed,

    /// <summary>Too many recovery codes were tried for the address: codes refused until LockedUntil (LockedUntil, AssistanceUrl).</summary>
    RecoveryCodesLocked,

    /// <summary>A passkey was added to the account (PasskeyName, Date, AssistanceUrl).</summary>
    PasskeyAdded,

    /// <summary>A passkey was removed, by the holder or, with every other one, by the helpdesk (PasskeyName, Date, AssistanceUrl).</summary>
    PasskeyRemoved,

    /// <summary>A FranceConnect identity was linked to the account: it can now reset the password (Date, AssistanceUrl). Never the identity.</summary>
    FranceConnectBound,

    /// <summary>The account's FranceConnect identity was unlinked (Date, AssistanceUrl).</summary>
    FranceConnectUnbound,
}
