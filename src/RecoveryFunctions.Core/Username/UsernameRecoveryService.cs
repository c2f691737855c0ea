using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Core.Username;

/// <summary>
/// Forgotten username (contract §2.4). The caller learns nothing: unknown, pending and active numbers cost the same
/// reads, the same throttle count (keyed by the client's address, <see cref="ClientAllowance.Username"/>) and the same
/// queue write; only an active account's message has a recipient, its stored address.
/// </summary>
public sealed class UsernameRecoveryService(
    IAccountStore accounts,
    CaptchaService captchas,
    ClientLimits limits,
    Notifier notifier)
{
    /// <summary>Checks the request alone, before the captcha is spent on it.</summary>
    public static string ParseNumber(string subscriberNumber)
    {
        if (!SubscriberNumber.TryParse(subscriberNumber, out var number))
        {
            throw new DomainException(ProblemCode.SubscriberNumberInvalid, new Dictionary<string, string[]>
            {
                ["subscriberNumber"] = [FieldCodes.SubscriberNumberInvalid],
            });
        }

        return number;
    }

    [Refuses(nameof(ProblemCode.SubscriberNumberInvalid), nameof(ProblemCode.CaptchaUnavailable), nameof(ProblemCode.CaptchaInvalid), nameof(ProblemCode.RateLimited))]
    public async Task RecoverAsync(string subscriberNumber, CaptchaAnswer captcha, string clientIp, string language, CancellationToken cancellationToken = default)
    {
        var number = ParseNumber(subscriberNumber);
        await captchas.RequireSolvedAsync(CaptchaPurpose.UsernameRecovery, captcha, cancellationToken);
        // Only the sender's own address is counted: a count keyed by the number would let strangers fill it for the
        // holder. The reminders themselves spend the address's username allowance in the queue worker. The solved
        // captcha's challenge goes back in the same cache script, refused or not: one round trip instead of two.
        await limits.SpendGivingBackAsync(ClientAllowance.Username, ClientAllowance.Captcha, clientIp, cancellationToken);

        var found = await accounts.GetAsync(number, cancellationToken);
        var active = found?.Account is { Status: AccountStatus.Active } account ? account : null;
        await notifier.SendAsync(EmailTemplate.UsernameReminder, active?.Email, active?.Language ?? language, new Dictionary<string, string>
        {
            [EmailValueKeys.Email] = active?.Email ?? string.Empty,
            [EmailValueKeys.SubscriberNumber] = number,
        }, EmailBudget.Username, cancellationToken);
    }
}
