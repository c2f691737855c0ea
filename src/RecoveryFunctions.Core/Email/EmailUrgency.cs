using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Email;

/// <summary>Which emails go first when the sending quota is short, and how long the link or code of each stays valid.</summary>
public static class EmailUrgency
{
    /// <summary>Emails someone is waiting for to finish a step: activation, recovery link and code, helpdesk link, email change.</summary>
    /// <remarks>
    /// <see cref="EmailTemplate.AlreadyRegistered"/> rides with the activation link it stands in for: registration
    /// must write to the same queue whether or not the address has an account (contract §5, storage operations);
    /// <see cref="EmailTemplate.RecoveryStillLocked"/> rides with the recovery link for the same reason.
    /// </remarks>
    public static bool IsTimeCritical(EmailTemplate template) => template is
        EmailTemplate.ActivationLink
        or EmailTemplate.AlreadyRegistered
        or EmailTemplate.RecoveryLink
        or EmailTemplate.RecoveryStillLocked
        or EmailTemplate.HelpdeskRecoveryLink
        or EmailTemplate.EmailChangeLink;

    /// <summary>The lifetime of the link or code a template carries, or null for an email that carries none.</summary>
    public static TimeSpan? LinkLifetime(EmailTemplate template, RecoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return template switch
        {
            EmailTemplate.ActivationLink => options.ActivationLinkLifetime,
            EmailTemplate.RecoveryLink => options.RecoveryLinkLifetime,
            EmailTemplate.HelpdeskRecoveryLink => options.HelpdeskLinkLifetime,
            EmailTemplate.EmailChangeLink => options.EmailChangeLinkLifetime,
            _ => null,
        };
    }
}
