using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 1 (SPEC §2.3): email + captcha. Unknown, pending, locked and active addresses cost the same
/// storage and queue operations in the same order; only the queue worker learns whether the message
/// has a recipient. The answer is always 202 with a flow id.
/// </summary>
public sealed class RecoveryIdentification(
    IAccountStore accounts,
    RecoveryFlows flows,
    ITokenKeyProvider keys,
    IThrottleStore throttles,
    RecoveryMarkers markers,
    Notifier notifier,
    IOptions<RecoveryOptions> options,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    public async Task<OpenFlow> IdentifyAsync(string email, string clientIp, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RecoveryLinkLifetime;
        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            // Cannot be anyone's address: the generic answer, and nothing is read or written.
            return new OpenFlow(TokenCodec.NewToken(expiresAt), expiresAt);
        }

        await ThrottleAsync(canonical, clientIp, cancellationToken);
        var found = await accounts.FindByEmailAsync(canonical, cancellationToken);
        var account = found?.Account is { Status: AccountStatus.Active } a && !WrongAnswerPolicy.IsLocked(a, now) ? a : null;

        var code = CodeGenerator.NewCode();
        var codec = await keys.GetCodecAsync(cancellationToken);
        var proof = await flows.OpenMailboxAsync(codec, account, now, expiresAt, SaltedSecret.Protect(codec.Ring, code), helpdesk: false, cancellationToken);
        await markers.MarkAsync(codec, canonical, expiresAt, proof.FlowAddress, cancellationToken);

        await notifier.SendAsync(EmailTemplate.RecoveryLink, account?.Email, account?.Language ?? "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.RecoveryUrl] = notifier.FrontEndLink("mot-de-passe-oublie", proof.LinkToken),
            [EmailValueKeys.Code] = CodeGenerator.Format(code),
            [EmailValueKeys.ExpiresAt] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
        }, strangerTriggered: true, cancellationToken);
        metrics.RecoveryStart();
        return new OpenFlow(proof.FlowId, expiresAt);
    }

    private async Task ThrottleAsync(string canonicalEmail, string clientIp, CancellationToken cancellationToken)
    {
        var decision = await throttles.HitAsync(
        [
            ThrottleCounter.ForClient("recovery-ip", clientIp, throttleOptions.Value.RecoveryPerIpPerHour) with { Sliding = true },
            new ThrottleCounter("recovery-account", canonicalEmail, throttleOptions.Value.RecoveryPerAccountPerHour) { Sliding = true },
        ], TimeSpan.FromHours(1), cancellationToken);
        if (!decision.Allowed)
        {
            throw new DomainException(ProblemCode.RateLimited, retryAfter: decision.RetryAfter);
        }
    }
}
