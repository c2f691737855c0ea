using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// "Se connecter avec FranceConnect" from the forgotten-password page (docs/security/franceconnect.md): the verified
/// pivot identity stands in for the mailbox and the question, and under the ASVS profile for the factor too (it proves
/// who the person is, as the helpdesk's check does). A match with an active account that is not locked gets a
/// single-use <see cref="FranceConnectPurpose.Resume"/> state, sent as the <c>state</c> of FranceConnect's logout; back
/// from it, that state opens a flow at the password stage (<see cref="RecoveryFlows.OpenAfterFactorAsync"/>,
/// <see cref="RecoveryFactor.FranceConnect"/>), so the flow id never travels in a URL a server sees. The existing
/// password step then revokes sessions and tokens and tells the old address and the phone. Anything else is "no
/// match", with the same storage operations whether the identity is bound to nobody or to an account that cannot be
/// reset (<see cref="IFranceConnectBindingStore.FindAccountAsync"/> reads the same rows; the decoy account is read).
/// </summary>
public sealed class FranceConnectRecovery(
    FranceConnectAuthorizations authorizations,
    IFranceConnectProvider provider,
    IFranceConnectBindingStore bindings,
    IAccountStore accounts,
    RecoveryFlows flows,
    ITokenKeyProvider keys,
    ClientLimits clientLimits,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>The logout state, and then the page, of every recovery that found no account to reset.</summary>
    public const string NoMatch = "no-match";

    /// <returns>Where to send the browser: FranceConnect's authorization endpoint for a recovery request.</returns>
    [Refuses(nameof(ProblemCode.RateLimited), nameof(ProblemCode.FranceConnectUnavailable))]
    public async Task<Uri> BeginAsync(string clientIp, CancellationToken cancellationToken = default)
    {
        // Counted per client before anything is written: each request costs a state row.
        await clientLimits.SpendAsync(ClientAllowance.FranceConnect, clientIp, cancellationToken);
        var request = await authorizations.BeginAsync(FranceConnectPurpose.Recover, null, cancellationToken);
        return await FranceConnectLinks.FailClosedAsync(() => provider.AuthorizationUrlAsync(request.State, request.Nonce, cancellationToken));
    }

    /// <returns>The single-use state that resumes the recovery after FranceConnect's logout, or null: no match.</returns>
    public async Task<string?> MatchAsync(FranceConnectAuthentication authentication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var subscriberNumber = await bindings.FindAccountAsync(FranceConnectHashes.IdentityHashes(ring, authentication.Identity), cancellationToken);
        var found = await accounts.GetAsync(subscriberNumber ?? IAccountStore.DecoySubscriberNumber, cancellationToken);
        return subscriberNumber is not null && Resettable(found?.Account) is { } holder
            ? (await authorizations.BeginAsync(FranceConnectPurpose.Resume, holder, cancellationToken)).State
            : null;
    }

    /// <summary>
    /// Back from FranceConnect's logout with the resume state (consumed once by <see cref="FranceConnectLinks.ReturnAsync"/>):
    /// the account unchanged since the match.
    /// </summary>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public async Task<OpenFlow> ResumeAsync(TokenRecord request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = request.SubscriberNumber is null ? null : await accounts.GetAsync(request.SubscriberNumber, cancellationToken);
        if (Resettable(found?.Account) is not { } holder || holder.SecurityStamp != request.SecurityStamp)
        {
            throw new DomainException(ProblemCode.FranceConnectFailed);
        }

        var now = time.GetUtcNow();
        var (flow, flowId) = await flows.OpenAfterFactorAsync(holder, RecoveryFactor.FranceConnect, now, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(holder.SubscriberNumber, now, AuditEventTypes.FranceConnectRecovery), cancellationToken);
        return new OpenFlow(flowId, flow.ExpiresAt);
    }

    /// <summary>An active account whose self-service recovery is not locked (the password step would refuse the others).</summary>
    private Account? Resettable(Account? account)
        => account is { Status: AccountStatus.Active } && !account.IsRecoveryLocked(time.GetUtcNow()) ? account : null;
}
