using System.Globalization;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>An account's binding as the holder sees it: whether there is one and since when, never the identity.</summary>
public sealed record FranceConnectStatus(bool Bound, DateTimeOffset? BoundAt);

/// <summary>How a FranceConnect response ended: what it was for, and the logout that ends the FranceConnect session.</summary>
/// <param name="Outcome">What the page the person lands on says: "bound", "no-match" or a problem code; after a recovery's match, the state that resumes it.</param>
public sealed record FranceConnectOutcome(FranceConnectPurpose Purpose, string Outcome, Uri LogoutUrl);

/// <summary>Back from FranceConnect's logout: a recovery's flow at the password stage, or a registration's ticket.</summary>
public sealed record FranceConnectReturn(OpenFlow? Flow, FranceConnectTicket? Ticket);

/// <summary>
/// "Lier mon identité FranceConnect" in the account space (docs/security/franceconnect.md): binding asks the current
/// password again (a stolen session must not plant a way back), sends the person to FranceConnect with a single-use
/// state, and on the response binds the keyed hashes of the verified pivot identity and <c>sub</c> to the account the
/// state was issued for, while its security stamp holds. Binding and unlinking are audited and emailed.
/// </summary>
public sealed class FranceConnectLinks(
    AccountSpaceGuard guard,
    FranceConnectAuthorizations authorizations,
    IFranceConnectProvider provider,
    FranceConnectRecovery recovery,
    FranceConnectSignUp signUp,
    IFranceConnectBindingStore bindings,
    IAccountStore accounts,
    ITokenKeyProvider keys,
    Notifier notifier,
    IAuditLog audit,
    TimeProvider time)
{
    public const string Bound = "bound";

    public async Task<FranceConnectStatus> StatusAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var binding = await bindings.FindByAccountAsync(account.SubscriberNumber, cancellationToken);
        return new FranceConnectStatus(binding is not null, binding?.BoundAt);
    }

    /// <returns>Where to send the browser: FranceConnect's authorization endpoint for this request.</returns>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.FranceConnectAlreadyBound), nameof(ProblemCode.FranceConnectUnavailable), nameof(ProblemCode.Conflict))]
    public async Task<Uri> BeginBindAsync(Account account, string currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);
        if (await bindings.FindByAccountAsync(account.SubscriberNumber, cancellationToken) is not null)
        {
            throw new DomainException(ProblemCode.FranceConnectAlreadyBound);
        }

        var request = await authorizations.BeginAsync(FranceConnectPurpose.Bind, account, cancellationToken);
        return await FailClosedAsync(() => provider.AuthorizationUrlAsync(request.State, request.Nonce, cancellationToken));
    }

    [Refuses(nameof(ProblemCode.FranceConnectNotBound))]
    public async Task UnbindAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!await bindings.UnbindAsync(account.SubscriberNumber, cancellationToken))
        {
            throw new DomainException(ProblemCode.FranceConnectNotBound);
        }

        await RecordAsync(audit, notifier, time, account, AuditEventTypes.FranceConnectUnbound, EmailTemplate.FranceConnectUnbound, cancellationToken);
    }

    /// <summary>
    /// The authorization response at the callback: the state consumed first (one winner among concurrent submissions),
    /// the code redeemed and verified, the nonce checked, then the step the state was issued for.
    /// </summary>
    /// <remarks>A binding's own refusals (session-invalid, franceconnect-already-bound) end on the page the logout leads to.</remarks>
    [Refuses(nameof(ProblemCode.FranceConnectFailed), nameof(ProblemCode.FranceConnectUnavailable), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.FranceConnectAlreadyBound))]
    public async Task<FranceConnectOutcome> CompleteAsync(string? code, string? state, CancellationToken cancellationToken = default)
    {
        var (request, purpose) = await authorizations.ConsumeAnyAsync(state, cancellationToken);
        if (string.IsNullOrEmpty(code) || purpose is not (FranceConnectPurpose.Bind or FranceConnectPurpose.Recover or FranceConnectPurpose.Register))
        {
            throw new DomainException(ProblemCode.FranceConnectFailed);
        }

        var authentication = await FailClosedAsync(() => provider.RedeemAsync(code, cancellationToken));
        FranceConnectAuthorizations.RequireNonce(request, purpose, authentication.Nonce);
        var outcome = purpose switch
        {
            FranceConnectPurpose.Bind => await BindAsync(request, authentication, cancellationToken),
            FranceConnectPurpose.Register => await signUp.ReturnStateAsync(authentication, cancellationToken),
            _ => await recovery.MatchAsync(authentication, cancellationToken) ?? FranceConnectRecovery.NoMatch,
        };
        var logout = await FailClosedAsync(() => provider.LogoutUrlAsync(authentication.IdToken, outcome, cancellationToken));
        return new FranceConnectOutcome(purpose, outcome, logout);
    }

    /// <summary>
    /// Back from FranceConnect's logout with a state this service issued after a sign-in, consumed once: a recovery's
    /// flow at the password stage, or a registration's ticket for the form.
    /// </summary>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public async Task<FranceConnectReturn> ReturnAsync(string? state, CancellationToken cancellationToken = default)
    {
        var (request, purpose) = await authorizations.ConsumeAnyAsync(state, cancellationToken);
        return purpose switch
        {
            FranceConnectPurpose.Resume => new FranceConnectReturn(await recovery.ResumeAsync(request, cancellationToken), null),
            FranceConnectPurpose.RegisterResume => new FranceConnectReturn(null, await signUp.TicketAsync(request, cancellationToken)),
            _ => throw new DomainException(ProblemCode.FranceConnectFailed),
        };
    }

    /// <returns>"bound", or the code of the problem the page shows (the FranceConnect session is ended either way).</returns>
    private async Task<string> BindAsync(TokenRecord request, FranceConnectAuthentication authentication, CancellationToken cancellationToken)
    {
        var stored = request.SubscriberNumber is null ? null : await accounts.GetAsync(request.SubscriberNumber, cancellationToken);
        if (stored?.Account is not { Status: AccountStatus.Active } account || account.SecurityStamp != request.SecurityStamp)
        {
            return ProblemCode.SessionInvalid.Value;
        }

        var binding = FranceConnectHashes.Binding(await keys.GetKeyRingAsync(cancellationToken), authentication, time.GetUtcNow());
        if (!await bindings.TryBindAsync(account.SubscriberNumber, binding, cancellationToken))
        {
            return ProblemCode.FranceConnectAlreadyBound.Value;
        }

        await RecordAsync(audit, notifier, time, account, AuditEventTypes.FranceConnectBound, EmailTemplate.FranceConnectBound, cancellationToken);
        return Bound;
    }

    /// <summary>A binding made or removed: audited, and the holder emailed (never the identity).</summary>
    internal static async Task RecordAsync(IAuditLog audit, Notifier notifier, TimeProvider time, Account account, string auditType, EmailTemplate template, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await audit.AppendAsync(AuditEvent.ByHolder(account.SubscriberNumber, now, auditType), cancellationToken);
        await notifier.SendAsync(template, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = now.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.None, cancellationToken);
    }

    /// <summary>An outage or an answer that does not verify becomes <c>franceconnect-unavailable</c>, never a 500.</summary>
    [Refuses(nameof(ProblemCode.FranceConnectUnavailable))]
    internal static async Task<T> FailClosedAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (FranceConnectUnavailableException)
        {
            throw new DomainException(ProblemCode.FranceConnectUnavailable);
        }
    }
}
