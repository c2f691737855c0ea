using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>The registration form's ticket back from FranceConnect (for the fragment only), and the <c>email</c> claim it prefills.</summary>
public sealed record FranceConnectTicket(string Ticket, string? Email, DateTimeOffset ExpiresAt);

/// <summary>A verified identity waiting for its account's activation: its keyed hashes, never the identity.</summary>
public sealed record PendingFranceConnectBinding(string IdentityHash, string SubjectHash)
{
    private const string Prefix = "franceconnect:";

    /// <summary>Carried by the activation link's row, so the identity is bound when (and only if) the mailbox is proven.</summary>
    public string ToPayload() => Prefix + IdentityHash + "\n" + SubjectHash;

    public static PendingFranceConnectBinding? FromPayload(string? payload)
        => payload is not null && payload.StartsWith(Prefix, StringComparison.Ordinal) && payload[Prefix.Length..].Split('\n') is [var identity, var subject, ..]
            ? new PendingFranceConnectBinding(identity, subject)
            : null;
}

/// <summary>
/// Registering with FranceConnect (docs/security/franceconnect.md, issue 22 item 3). « S’identifier avec FranceConnect »
/// on the registration page starts a <see cref="FranceConnectPurpose.Register"/> request (counted per client, as a
/// recovery's). Back at the callback, the verified identity's keyed hashes and the <c>email</c> claim go into a single-use
/// <see cref="FranceConnectPurpose.RegisterResume"/> state, the <c>state</c> of FranceConnect's logout; back from it, that
/// state becomes the form's <see cref="FranceConnectPurpose.RegisterTicket"/>, which travels in the fragment only. The
/// registration it is sent with spends it and puts the hashes on the new account's activation link; activating binds them
/// (<see cref="IFranceConnectBindingStore.TryBindAsync"/>). An identity already bound elsewhere is not bound, and nothing
/// says so: the other account is never revealed.
/// </summary>
public sealed class FranceConnectSignUp(
    FranceConnectAuthorizations authorizations,
    IFranceConnectProvider provider,
    IFranceConnectBindingStore bindings,
    ITokenKeyProvider keys,
    ClientLimits clientLimits,
    Notifier notifier,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>Time to fill in the registration form once back from FranceConnect.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(30);

    /// <returns>Where to send the browser: FranceConnect's authorization endpoint for a registration request.</returns>
    [Refuses(nameof(ProblemCode.RateLimited), nameof(ProblemCode.FranceConnectUnavailable))]
    public async Task<Uri> BeginAsync(string clientIp, CancellationToken cancellationToken = default)
    {
        // Counted per client before anything is written, with the recoveries started: each costs a state row.
        await clientLimits.SpendAsync(ClientAllowance.FranceConnect, clientIp, cancellationToken);
        var request = await authorizations.BeginAsync(FranceConnectPurpose.Register, null, cancellationToken);
        return await FranceConnectLinks.FailClosedAsync(() => provider.AuthorizationUrlAsync(request.State, request.Nonce, cancellationToken));
    }

    /// <returns>The single-use state that gives the form its ticket after FranceConnect's logout.</returns>
    public async Task<string> ReturnStateAsync(FranceConnectAuthentication authentication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        var binding = FranceConnectHashes.Binding(await keys.GetKeyRingAsync(cancellationToken), authentication, time.GetUtcNow());
        var data = new PendingFranceConnectBinding(binding.IdentityHash, binding.SubjectHash).ToPayload() + "\n" + authentication.Email;
        return await authorizations.IssueAsync(FranceConnectPurpose.RegisterResume, data, FranceConnectAuthorizations.Lifetime, cancellationToken);
    }

    /// <summary>Back from the logout: the consumed <see cref="FranceConnectPurpose.RegisterResume"/> row becomes the form's ticket.</summary>
    public async Task<FranceConnectTicket> TicketAsync(TokenRecord request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = FranceConnectAuthorizations.Data(request);
        var ticket = await authorizations.IssueAsync(FranceConnectPurpose.RegisterTicket, data, TicketLifetime, cancellationToken);
        var email = data.Split('\n') is [_, _, var claim] && claim.Length > 0 ? claim : null;
        return new FranceConnectTicket(ticket, email, time.GetUtcNow() + TicketLifetime);
    }

    /// <summary>Spends the form's ticket (once, before it expires): the identity the new account is to be bound to.</summary>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public async Task<PendingFranceConnectBinding> RedeemTicketAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        var request = await authorizations.ConsumeAsync(ticket, FranceConnectPurpose.RegisterTicket, cancellationToken);
        return PendingFranceConnectBinding.FromPayload(FranceConnectAuthorizations.Data(request))
            ?? throw new DomainException(ProblemCode.FranceConnectFailed);
    }

    /// <summary>
    /// At activation: binds the identity an activation link carries, as a bind from the account space does (audited,
    /// emailed). An identity bound to another account in the meantime stays there, and nothing tells the difference.
    /// </summary>
    /// <returns>True when the account is now bound.</returns>
    public async Task<bool> BindAtActivationAsync(Account account, string? activationPayload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (PendingFranceConnectBinding.FromPayload(activationPayload) is not { } pending
            || !await bindings.TryBindAsync(account.SubscriberNumber, new FranceConnectBinding(pending.IdentityHash, pending.SubjectHash, time.GetUtcNow()), cancellationToken))
        {
            return false;
        }

        await FranceConnectLinks.RecordAsync(audit, notifier, time, account, AuditEventTypes.FranceConnectBound, EmailTemplate.FranceConnectBound, cancellationToken);
        return true;
    }
}
