using System.Net;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Throttling;

/// <summary>What a per-client limit counts (docs/security/shared-addresses.md): one per kind of request.</summary>
public enum ClientAllowance
{
    /// <summary>Forgotten-password requests not yet followed by a mailbox proof from the same client.</summary>
    Recovery,

    /// <summary>Recovery-code attempts not yet followed by a right code from the same client.</summary>
    RecoveryCode,

    /// <summary>Forgotten-username requests.</summary>
    Username,

    /// <summary>Captcha challenges issued and not solved by the same client.</summary>
    Captcha,

    /// <summary>Sign-in attempts that did not succeed.</summary>
    SignIn,

    /// <summary>Contact-form requests.</summary>
    AssistanceRequest,

    /// <summary>FranceConnect recoveries started (docs/security/franceconnect.md): each costs a state row.</summary>
    FranceConnect,
}

/// <summary>
/// Every per-client limit in one place: the counter of a client (its IPv4 address or IPv6 /64, sharded so a crowd behind
/// one address does not queue on one row), its limit (the address's own, or the one of a declared shared range,
/// <see cref="ThrottleOptions.SharedRanges"/>), the 429 when it is spent, and the hit given back when the client proves the
/// request was not an attacker's. Keyed by the client only, never by the account: what a caller sees and what storage
/// does are the same whether or not the account exists.
/// </summary>
public sealed class ClientLimits(IThrottleStore throttles, IOptions<ThrottleOptions> options, IOptions<AssistanceOptions> assistance)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly (IPNetwork Network, SharedRangeOptions Limits)[] _shared =
        [.. (options.Value.SharedRanges ?? []).Select(r => (IPNetwork.Parse(r.Cidr), r))];

    /// <summary>The counter the client spends for this kind of request, with the limit of its address or shared range.</summary>
    public ThrottleCounter Counter(ClientAllowance allowance, string clientAddress)
    {
        var range = SharedRangeOf(clientAddress);
        var (scope, limit) = allowance switch
        {
            ClientAllowance.Recovery => ("recovery-ip", range?.RecoveryPerIpPerHour ?? options.Value.RecoveryPerIpPerHour),
            ClientAllowance.RecoveryCode => ("recovery-code-ip", range?.RecoveryPerIpPerHour ?? options.Value.RecoveryPerIpPerHour),
            ClientAllowance.Username => ("username-ip", range?.RecoveryPerIpPerHour ?? options.Value.RecoveryPerIpPerHour),
            ClientAllowance.Captcha => ("captcha-ip", range?.CaptchasPerIpPerHour ?? options.Value.CaptchasPerIpPerHour),
            ClientAllowance.SignIn => ("signin-client", range?.SignInPerClientPerHour ?? options.Value.SignInPerClientPerHour),
            ClientAllowance.FranceConnect => ("franceconnect-ip", range?.RecoveryPerIpPerHour ?? options.Value.RecoveryPerIpPerHour),
            ClientAllowance.AssistanceRequest => ("assistance-request-ip", range?.AssistanceRequestsPerIpPerHour ?? assistance.Value.RequestsPerIpPerHour),
            _ => throw new ArgumentOutOfRangeException(nameof(allowance)),
        };

        // The sign-in and contact-form counts announce no sliding end; the others slide so no boundary doubles them.
        return ThrottleCounter.ForClient(scope, clientAddress, limit) with { Sliding = allowance is not (ClientAllowance.SignIn or ClientAllowance.AssistanceRequest) };
    }

    /// <summary>Counts one request of the client; 429 with its retry-after when the client's allowance is spent.</summary>
    [Refuses(nameof(ProblemCode.RateLimited))]
    public Task SpendAsync(ClientAllowance allowance, string clientAddress, CancellationToken cancellationToken = default)
        => SpendOrRefuseAsync(allowance, clientAddress, givingBack: null, cancellationToken);

    /// <summary>
    /// Gives back one hit of <paramref name="givingBack"/>, which the same request proved honest (a solved captcha), and
    /// counts the request as <see cref="SpendAsync(ClientAllowance, string, CancellationToken)"/> does: one read and, the
    /// client's counters sharing a partition, one write.
    /// </summary>
    [Refuses(nameof(ProblemCode.RateLimited))]
    public Task SpendGivingBackAsync(ClientAllowance allowance, ClientAllowance givingBack, string clientAddress, CancellationToken cancellationToken = default)
        => SpendOrRefuseAsync(allowance, clientAddress, givingBack, cancellationToken);

    private async Task SpendOrRefuseAsync(ClientAllowance allowance, string clientAddress, ClientAllowance? givingBack, CancellationToken cancellationToken)
    {
        var decision = givingBack is { } proven
            ? await throttles.GiveBackAndHitAsync([Counter(proven, clientAddress)], [Counter(allowance, clientAddress)], Window, cancellationToken)
            : await throttles.HitAsync([Counter(allowance, clientAddress)], Window, cancellationToken);
        if (!decision.Allowed)
        {
            throw new DomainException(ProblemCode.RateLimited, retryAfter: decision.RetryAfter);
        }
    }

    /// <summary>
    /// The client proved one request honest (a mailbox it reads, a captcha it solved, a password it knows): one hit back,
    /// never below zero. Only proofs a stranger cannot give for someone else's account, each given once per request.
    /// </summary>
    public Task GiveBackAsync(ClientAllowance allowance, string clientAddress, CancellationToken cancellationToken = default)
        => throttles.RefundAsync([Counter(allowance, clientAddress)], Window, cancellationToken: cancellationToken);

    private SharedRangeOptions? SharedRangeOf(string clientAddress)
    {
        if (_shared.Length == 0 || !IPAddress.TryParse(clientAddress, out var address))
        {
            return null;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _shared.FirstOrDefault(r => r.Network.Contains(address)).Limits;
    }
}
