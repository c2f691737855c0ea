namespace RecoveryFunctions.Core.Accounts;

public enum AccountStatus
{
    /// <summary>Registered, mailbox not yet proven; cannot sign in or recover; expires after 7 days.</summary>
    Pending,

    /// <summary>Activated through the emailed link.</summary>
    Active,
}
