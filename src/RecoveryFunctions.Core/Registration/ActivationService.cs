using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Registration;

/// <summary>
/// Activation (contract §2.1): the emailed link proves the mailbox; the account becomes active and the summary is
/// emailed. A link issued before the last credential change (another activation link was used, then the
/// password was changed or reset) carries an old security stamp and is dead (contract §2.2), like every other token.
/// A link issued to a registration made with FranceConnect carries the identity's keyed hashes: activating binds them.
/// </summary>
public sealed class ActivationService(OneTimeTokens links, AccountUpdater updater, Notifier notifier, FranceConnectSignUp franceConnect, IOptions<RecoveryOptions> options, TimeProvider time)
{
    [Refuses(nameof(ProblemCode.LinkInvalid), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.Conflict))]
    public async Task<AccountSummary> ActivateAsync(string? token, string language, CancellationToken cancellationToken = default)
    {
        var stored = await links.ConsumeAsync(token, TokenKind.Activation, cancellationToken);
        var becameActive = false;
        var account = await updater.UpdateAsync(stored.Record.SubscriberNumber!, a =>
        {
            becameActive = false;
            if (a.SecurityStamp != stored.Record.SecurityStamp)
            {
                throw OneTimeTokens.Revoked();
            }

            var activated = a.Activate(time.GetUtcNow());
            becameActive = activated is not null;
            return activated;
        }, cancellationToken) ?? throw new DomainException(ProblemCode.LinkInvalid);

        if (becameActive)
        {
            await SendSummaryAsync(account, cancellationToken);
            await franceConnect.BindAtActivationAsync(account, stored.Record.Payload, cancellationToken);
        }

        return AccountSummaryFactory.Create(account, language, options.Value.Profile);
    }

    private Task SendSummaryAsync(Account account, CancellationToken cancellationToken)
        => notifier.SendAsync(EmailTemplate.RegistrationSummary, account.Email, account.Language, SummaryEmail.Values(account, options.Value.Profile), EmailBudget.None, cancellationToken);
}
