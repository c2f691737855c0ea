namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>The "recipients" object of a send request; we only ever send to one "to" address.</summary>
public sealed record AcsEmailRecipients(IReadOnlyList<AcsEmailAddress> To);
