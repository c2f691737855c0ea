using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Resolves a bearer session token to its account. A session dies when it expires, when it is signed
/// out (row deleted), or when the account's security stamp moved on (password change or reset).
/// A live session can be extended by its lifetime, up to its ceiling from sign-in (RGAA 13.1).
/// </summary>
public sealed class SessionService(RequestTokens tokens, IAccountStore accounts, IOptions<RecoveryOptions> options, TimeProvider time)
{
    private const int MaxRaces = 50;

    [Refuses(nameof(ProblemCode.SessionInvalid))]
    public async Task<Account> AuthenticateAsync(string? sessionToken, CancellationToken cancellationToken = default)
        => (await ResolveAsync(sessionToken, cancellationToken)).Account;

    [Refuses(nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task SignOutAsync(string? sessionToken, CancellationToken cancellationToken = default)
    {
        StoredToken? session = (await ResolveAsync(sessionToken, cancellationToken)).Session;

        // A concurrent extension rewrites the row: delete again on the fresh version until the row is gone.
        for (var race = 0; session is not null; race++)
        {
            if (await tokens.TryDeleteAsync(session, cancellationToken))
            {
                return;
            }

            session = race < MaxRaces ? await tokens.GetAsync(session.Address, cancellationToken) : throw new DomainException(ProblemCode.Conflict);
        }
    }

    /// <summary>One more session lifetime, never past <see cref="RecoveryOptions.SessionMaxLifetime"/> from sign-in.</summary>
    /// <returns>The new expiry.</returns>
    [Refuses(nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.ExtensionLimitReached), nameof(ProblemCode.Conflict))]
    public async Task<DateTimeOffset> ExtendAsync(string? sessionToken, CancellationToken cancellationToken = default)
    {
        var (session, _) = await ResolveAsync(sessionToken, cancellationToken);
        return await tokens.ExtendAsync(session, options.Value.SessionLifetime, RequireLive, cancellationToken);
    }

    /// <summary>Whether this session of <paramref name="account"/> was opened by a passkey at or after <paramref name="since"/>.</summary>
    public async Task<bool> OpenedByPasskeySinceAsync(string? sessionToken, Account account, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var session = string.IsNullOrEmpty(sessionToken) ? null : await tokens.FindAsync(sessionToken, TokenKind.Session, cancellationToken);
        return session?.Record is { Payload: Passkeys.PasskeySignIn.SessionPayload } record
            && record.SubscriberNumber == account.SubscriberNumber && record.SecurityStamp == account.SecurityStamp && record.IssuedAt >= since;
    }

    private StoredToken RequireLive(StoredToken? session)
        => session is not null && session.Record.ExpiresAt > time.GetUtcNow() ? session : throw Invalid();

    private async Task<(StoredToken Session, Account Account)> ResolveAsync(string? sessionToken, CancellationToken cancellationToken)
    {
        var session = string.IsNullOrEmpty(sessionToken) ? null : await tokens.FindAsync(sessionToken, TokenKind.Session, cancellationToken);
        if (session is null || session.Record.ExpiresAt <= time.GetUtcNow() || session.Record.SubscriberNumber is not { } subscriberNumber)
        {
            throw Invalid();
        }

        var account = await accounts.GetAsync(subscriberNumber, cancellationToken);
        if (account is null || account.Account.SecurityStamp != session.Record.SecurityStamp || account.Account.Status != AccountStatus.Active)
        {
            throw Invalid();
        }

        return (session, account.Account);
    }

    private static DomainException Invalid() => new(ProblemCode.SessionInvalid);
}
