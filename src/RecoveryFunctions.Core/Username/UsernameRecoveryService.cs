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
/// Forgotten username (SPEC §2.4). The caller learns nothing: unknown, pending and active numbers cost the same
/// reads, the same throttle counts (keyed by the number as typed, not by whether it exists) and the same queue
/// write; only an active account's message has a recipient, its stored address.
/// </summary>
public sealed class UsernameRecoveryService(
    IAccountStore accounts,
    CaptchaService captchas,
    IThrottleStore throttles,
    Notifier notifier,
    IOptions<ThrottleOptions> throttleOptions)
{
    public const string IpScope = "username-ip";
    public const string NumberScope = "username-account";

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

    public async Task RecoverAsync(string subscriberNumber, CaptchaAnswer captcha, string clientIp, string language, CancellationToken cancellationToken = default)
    {
        var number = ParseNumber(subscriberNumber);
        await captchas.RequireAsync(CaptchaPurpose.UsernameRecovery, captcha, cancellationToken);
        var decision = await throttles.HitAsync(
        [
            ThrottleCounter.ForClient(IpScope, clientIp, throttleOptions.Value.RecoveryPerIpPerHour) with { Sliding = true },
            new ThrottleCounter(NumberScope, number, throttleOptions.Value.RecoveryPerAccountPerHour) { Sliding = true },
        ], TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            throw new DomainException(ProblemCode.RateLimited, retryAfter: decision.RetryAfter);
        }

        var found = await accounts.GetAsync(number, cancellationToken);
        var active = found?.Account is { Status: AccountStatus.Active } account ? account : null;
        await notifier.SendAsync(EmailTemplate.UsernameReminder, active?.Email, active?.Language ?? language, new Dictionary<string, string>
        {
            [EmailValueKeys.Email] = active?.Email ?? string.Empty,
            [EmailValueKeys.SubscriberNumber] = number,
        }, strangerTriggered: true, cancellationToken);
    }
}
