using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// "Se connecter avec une clé d'accès": a ceremony for any discoverable key, then a session for the account its answer
/// proves. The session records that a passkey opened it (<see cref="SessionPayload"/>), which lets the holder who forgot
/// the password set a new one without it for <see cref="PasskeyOptions.PasswordChangeWindow"/>. No email: a sign-in
/// sends none, by passkey or by password.
/// </summary>
public sealed class PasskeySignIn(PasskeyAssertions assertions, RequestTokens tokens, ClientLimits limits, IAuditLog audit, IOptions<RecoveryOptions> options, TimeProvider time)
{
    /// <summary>What a session opened by a passkey carries in its row.</summary>
    public const string SessionPayload = "passkey";

    [Refuses(nameof(ProblemCode.RateLimited))]
    public Task<PasskeyChallenge> BeginAsync(string clientAddress, CancellationToken cancellationToken = default)
        => assertions.BeginAsync(null, clientAddress, cancellationToken);

    [Refuses(nameof(ProblemCode.PasskeyInvalid), nameof(ProblemCode.Conflict))]
    public async Task<SessionGrant> SignInAsync(string ceremonyId, string responseJson, string clientAddress, CancellationToken cancellationToken = default)
    {
        var account = await assertions.FinishAsync(ceremonyId, responseJson, cancellationToken);

        // The client proved a key it holds: its attempt is given back, as a password sign-in's is.
        await limits.GiveBackAsync(ClientAllowance.SignIn, clientAddress, cancellationToken);
        var now = time.GetUtcNow();
        await audit.AppendAsync(AuditEvent.ByHolder(account.SubscriberNumber, now, AuditEventTypes.PasskeySignIn), cancellationToken);
        var expiresAt = now + options.Value.SessionLifetime;
        var token = await tokens.IssueForAsync(TokenKind.Session, account, now, expiresAt, SessionPayload, extendableUntil: now + options.Value.SessionMaxLifetime, cancellationToken: cancellationToken);
        return new SessionGrant(token, expiresAt);
    }
}
