namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// The one place that decides where an audit event is stored (docs/decisions/0011). An event that records an account
/// write goes beside the account row, in the same entity-group transaction as that write
/// (<see cref="Accounts.IAccountStore.TryUpdateAsync"/>): the row exists if and only if the write landed, and it costs no
/// operation of its own. Every other event is appended to the audit table (<see cref="IAuditLog.AppendAsync"/>). Both
/// writers refuse an event that belongs to the other; <see cref="IAuditLog.ListAsync"/> reads both places.
/// </summary>
public static class AuditPlacement
{
    /// <summary>Whether <paramref name="type"/> is written with the account write it records.</summary>
    public static bool BesideTheAccount(string type) => type is AuditEventTypes.PasswordReset or AuditEventTypes.PasswordChanged;

    /// <summary>
    /// Refuses, as a programming error, an event handed to an account write that is not written beside the account, or
    /// that records another account than <paramref name="subscriberNumber"/>.
    /// </summary>
    public static void RequireBesideTheAccount(AuditEvent auditEvent, string subscriberNumber)
    {
        Require(auditEvent, besideTheAccount: true);
        if (auditEvent.SubscriberNumber != subscriberNumber)
        {
            throw new ArgumentException("An account's audit row is its own.", nameof(auditEvent));
        }
    }

    /// <summary>Refuses, as a programming error, an event handed to the writer that does not store it.</summary>
    public static void Require(AuditEvent auditEvent, bool besideTheAccount)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (BesideTheAccount(auditEvent.Type) != besideTheAccount)
        {
            throw new ArgumentException(
                besideTheAccount
                    ? $"'{auditEvent.Type}' is appended to the audit table, not written with the account (AuditPlacement)."
                    : $"'{auditEvent.Type}' is written with the account write it records, not appended on its own (AuditPlacement).",
                nameof(auditEvent));
        }
    }
}
