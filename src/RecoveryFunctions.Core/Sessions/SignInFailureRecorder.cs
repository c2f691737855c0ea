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
/// Counts one wrong password against the account's sign-in lock and emails the holder when it starts a lock.
/// Shared by sign-in and the account space, so a stolen session cannot brute-force the password either.
/// </summary>
public sealed class SignInFailureRecorder(AccountUpdater updater, Notifier notifier, IAuditLog audit, IOptions<ThrottleOptions> throttleOptions, RecoveryMetrics metrics)
{
    public async Task RecordAsync(string subscriberNumber, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var locked = false;
        var account = await updater.UpdateAsync(subscriberNumber, a =>
        {
            (var next, locked) = SignInLockPolicy.RecordFailure(a, throttleOptions.Value, now);
            return next;
        }, cancellationToken);

        if (locked && account?.SignInLockedUntil is { } until)
        {
            metrics.LockSet("sign-in");
            await audit.AppendAsync(AuditEvent.ByHolder(subscriberNumber, now, AuditEventTypes.SignInLocked, $"until={until.ToString("O", CultureInfo.InvariantCulture)}"), cancellationToken);
            await notifier.SendAsync(EmailTemplate.SignInLocked, account.Email, account.Language, new Dictionary<string, string>
            {
                [EmailValueKeys.LockedUntil] = until.ToString("O", CultureInfo.InvariantCulture),
            }, strangerTriggered: false, cancellationToken);
        }
    }
}
