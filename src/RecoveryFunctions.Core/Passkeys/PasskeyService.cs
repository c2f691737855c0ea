using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// "Clés d'accès" in the account space (docs/security/passkeys.md): create (the current password again, like every
/// credential change), list, rename, delete. A creation ceremony is a single-use token bound to the account and its
/// stamp, whose text is the challenge; the key is claimed in <see cref="IPasskeyIndex"/> before the account write (a
/// key registered twice is refused), and released if that write fails. Additions and removals are audited and emailed.
/// </summary>
public sealed class PasskeyService(
    AccountSpaceGuard guard,
    RequestTokens tokens,
    IPasskeyIndex index,
    IWebAuthn webAuthn,
    Notifier notifier,
    IAuditLog audit,
    IOptions<PasskeyOptions> options,
    TimeProvider time)
{
    public const int MaxNameLength = 64;

    /// <returns>Creation options (JSON) for the browser; the ceremony lasts <see cref="PasskeyOptions.CeremonyLifetime"/>.</returns>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.PasskeyLimitReached), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task<string> BeginRegistrationAsync(Account account, string currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);
        if (account.Passkeys.Count >= options.Value.MaxPerAccount)
        {
            throw new DomainException(ProblemCode.PasskeyLimitReached);
        }

        // A random handle, kept: WebAuthn L3 wants no personal data in it, and one per account lets a device replace its key.
        var current = await guard.ApplyAsync(account, a => a.WithPasskeyUserHandle(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))) ?? a, cancellationToken);
        var now = time.GetUtcNow();
        var ceremonyId = await tokens.IssueForAsync(TokenKind.PasskeyCeremony, current, now, now + options.Value.CeremonyLifetime, cancellationToken: cancellationToken);
        return CreationOptions(current, PasskeyAssertions.Challenge(ceremonyId));
    }

    /// <param name="name">What the holder calls the key; null or blank: "Clé d'accès n".</param>
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.PasskeyRegistrationInvalid), nameof(ProblemCode.PasskeyLimitReached), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task<Passkey> FinishRegistrationAsync(Account account, string responseJson, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var label = Name(name) ?? $"Clé d'accès {account.Passkeys.Count + 1}";
        var challenge = webAuthn.Peek(responseJson)?.Challenge;
        var ceremonyId = challenge is null ? null : Encoding.UTF8.GetString(challenge);
        var ceremony = await tokens.FindAsync(ceremonyId, TokenKind.PasskeyCeremony, cancellationToken);
        var now = time.GetUtcNow();
        if (ceremony is null || ceremony.Record.ExpiresAt <= now || ceremony.Record.SubscriberNumber != account.SubscriberNumber
            || ceremony.Record.SecurityStamp != account.SecurityStamp || !await tokens.TryDeleteAsync(ceremony, cancellationToken))
        {
            throw RegistrationInvalid();
        }

        var credential = await webAuthn.VerifyCreationAsync(CreationOptions(account, challenge!), challenge!, responseJson, cancellationToken);
        if (!await index.TryAddAsync(credential.Id, account.SubscriberNumber, cancellationToken))
        {
            throw RegistrationInvalid();
        }

        var passkey = new Passkey(credential.Id, credential.PublicKey, credential.SignCount, label, now, null);
        try
        {
            await guard.ApplyAsync(account, a => a.AddPasskey(passkey, options.Value.MaxPerAccount), cancellationToken);
        }
        catch
        {
            await index.RemoveAsync(credential.Id, account.SubscriberNumber, CancellationToken.None);
            throw;
        }

        await RecordAsync(account, AuditEventTypes.PasskeyAdded, EmailTemplate.PasskeyAdded, passkey, now, cancellationToken);
        return passkey;
    }

    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.PasskeyNotFound), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task<Passkey> RenameAsync(Account account, string id, string name, CancellationToken cancellationToken = default)
    {
        var label = Name(name) ?? throw DomainException.Validation("name", FieldCodes.FieldRequired);
        var changed = await guard.ApplyAsync(account, a => a.RenamePasskey(id, label), cancellationToken);
        return changed.Passkeys.First(p => p.Id == id);
    }

    [Refuses(nameof(ProblemCode.PasskeyNotFound), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task RemoveAsync(Account account, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var removed = account.Passkeys.FirstOrDefault(p => p.Id == id) ?? throw new DomainException(ProblemCode.PasskeyNotFound);
        await guard.ApplyAsync(account, a => a.RemovePasskey(id), cancellationToken);
        await index.RemoveAsync(id, account.SubscriberNumber, cancellationToken);
        await RecordAsync(account, AuditEventTypes.PasskeyRemoved, EmailTemplate.PasskeyRemoved, removed, time.GetUtcNow(), cancellationToken);
    }

    private string CreationOptions(Account account, byte[] challenge)
        => webAuthn.CreationOptions(challenge, account.PasskeyUserHandle!, account.Email, [.. account.Passkeys.Select(p => p.Id)]);

    /// <summary>Trimmed, at most <see cref="MaxNameLength"/> characters, no control character; null when blank.</summary>
    private static string? Name(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxNameLength)
        {
            throw DomainException.Validation("name", FieldCodes.MessageTooLong);
        }

        return trimmed.Any(char.IsControl) ? throw DomainException.Validation("name", FieldCodes.TextInvalidCharacter) : trimmed;
    }

    private async Task RecordAsync(Account account, string auditType, EmailTemplate template, Passkey passkey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(AuditEvent.ByHolder(account.SubscriberNumber, now, auditType), cancellationToken);
        await notifier.SendAsync(template, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = now.ToString("O", CultureInfo.InvariantCulture),
            [EmailValueKeys.PasskeyName] = passkey.Name,
        }, EmailBudget.None, cancellationToken);
    }

    private static DomainException RegistrationInvalid() => new(ProblemCode.PasskeyRegistrationInvalid);
}
