namespace RecoveryFunctions.Core.Email;

/// <summary>
/// Which per-address daily allowance an email spends (docs/security/ways-back.md). Budgets a stranger can spend are
/// kept apart from one another and from the holder's own: registering with someone's address never eats their recovery
/// emails, and a recovery asked from a client the account knows has an allowance no stranger can reach. Security
/// notices spend none and are never dropped.
/// </summary>
public enum EmailBudget
{
    /// <summary>Security notices and what a signed-in holder or an agent caused: never capped.</summary>
    None,

    /// <summary>Recovery link and code asked from a client the account does not know: a daily allowance, then one per link lifetime.</summary>
    Recovery,

    /// <summary>Recovery link and code asked from a client the account has signed in from: its own allowance.</summary>
    RecoveryFromKnownClient,

    /// <summary>Self-service recovery is locked: the holder is told once when they ask again.</summary>
    RecoveryLockNotice,

    /// <summary>Forgotten username: every such email answers the question, so the allowance is small.</summary>
    Username,

    /// <summary>Activation links and "you already have an account".</summary>
    Registration,

    /// <summary>An email-change link to an address the signed-in holder typed.</summary>
    EmailChange,

    /// <summary>Acknowledgements of contact-form requests naming the account.</summary>
    AssistanceAcknowledgement,
}
