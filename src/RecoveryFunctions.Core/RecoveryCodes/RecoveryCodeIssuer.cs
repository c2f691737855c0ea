using System.Globalization;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.RecoveryCodes;

/// <summary>A new set, in clear for the one response that shows it, and when it was made.</summary>
public sealed record RecoveryCodeSet(IReadOnlyList<string> Codes, DateTimeOffset CreatedAt);

/// <summary>
/// "Codes de secours" in the account space (docs/security/recovery-codes.md): the current password again, then
/// <see cref="RecoveryCodeFormat.SetSize"/> new codes whose keyed hashes replace the old set in one account write under
/// its ETag. The clear codes exist only in this response; the holder is emailed that a set was made, never the codes.
/// </summary>
public sealed class RecoveryCodeIssuer(AccountSpaceGuard guard, ITokenKeyProvider keys, Notifier notifier, IAuditLog audit, TimeProvider time)
{
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task<RecoveryCodeSet> GenerateAsync(Account account, string currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);

        var now = time.GetUtcNow();
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var codes = Enumerable.Range(0, RecoveryCodeFormat.SetSize).Select(_ => RecoveryCodeFormat.NewCode()).ToArray();
        var hashes = codes.Select(code => RecoveryCodeFormat.Hash(ring, account.SubscriberNumber, code)).ToArray();
        var changed = await guard.ApplyAsync(account, a => a.ReplaceRecoveryCodes(hashes, now), cancellationToken);

        await audit.AppendAsync(AuditEvent.ByHolder(changed.SubscriberNumber, now, AuditEventTypes.RecoveryCodesGenerated), cancellationToken);
        await notifier.SendAsync(EmailTemplate.RecoveryCodesGenerated, changed.Email, changed.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = now.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.None, cancellationToken);
        return new RecoveryCodeSet([.. codes.Select(RecoveryCodeFormat.Format)], now);
    }
}
