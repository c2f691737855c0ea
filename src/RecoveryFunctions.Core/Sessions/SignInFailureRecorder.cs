using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Counts one wrong current password in the account space against the account's own lock (a stolen session
/// cannot brute-force the password either), and tells the holder when a lock starts, for that lock and for
/// the sign-in lockout's.
/// </summary>
public sealed class SignInFailureRecorder(AccountUpdater updater, Notifier notifier, IAuditLog audit, IOptions<ThrottleOptions> throttleOptions, RecoveryMetrics metrics)
{
    public async Task RecordAsync(string subscriberNumber, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var locked = false;
        var account = await updater.UpdateAsync(subscriberNumber, a =>
        {
            (var next, locked) = a.RecordSignInFailure(throttleOptions.Value, now);
            return next;
        }, cancellationToken);

        if (locked && account?.SignInLockedUntil is { } until)
        {
            await NotifyLockedAsync(account, now, until, null, cancellationToken);
        }
    }

    /// <summary>
    /// An audit row and an email, whoever the address belongs to, so a lock costs the same storage work for every
    /// account state: without an active holder the row goes to the partition of unmatched events and the
    /// message has no recipient (the queue worker drops it).
    /// </summary>
    /// <param name="clients">Which clients the lock holds back (<c>familiar</c>, <c>unfamiliar</c>), or null for all.</param>
    public async Task NotifyLockedAsync(Account? holder, DateTimeOffset now, DateTimeOffset until, string? clients, CancellationToken cancellationToken = default)
    {
        var formatted = until.ToString("O", CultureInfo.InvariantCulture);
        metrics.LockSet("sign-in");
        var detail = clients is null ? $"until={formatted}" : $"until={formatted} clients={clients}";
        await audit.AppendAsync(AuditEvent.ByHolder(holder?.SubscriberNumber ?? AuditEvent.UnmatchedLookUps, now, AuditEventTypes.SignInLocked, detail), cancellationToken);
        await notifier.SendAsync(EmailTemplate.SignInLocked, holder?.Email, holder?.Language ?? "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = formatted,
        }, EmailBudget.None, cancellationToken);
    }
}
