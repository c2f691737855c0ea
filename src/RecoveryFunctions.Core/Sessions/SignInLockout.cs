using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// The sign-in lockout (README, "Sign-in lockout design"). Every counter is keyed by what the caller typed (the
/// canonical address) or by the client address, never by what storage holds, so unknown, pending, locked and
/// active addresses count, lock and cost the same. Failures are counted per address *and familiarity*: a client
/// the account has signed in from has its own budget, so a stranger's failures lock out strangers only. Each
/// attempt is counted before the password is checked (parallel guesses cannot slip past the limit) and handed
/// back when it succeeds.
/// </summary>
public sealed class SignInLockout(IThrottleStore throttles, ClientLimits limits, SignInFailureRecorder notices, IOptions<ThrottleOptions> options, TimeProvider time)
{    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// Counts the attempt: 429 when the client is over its hourly limit (before any hash is spent); otherwise
    /// whether this address is locked for clients of this familiarity, and when a lock this attempt starts would end.
    /// </summary>
    public async Task<SignInAttempt> BeginAsync(string canonicalEmail, string clientAddress, bool familiar, CancellationToken cancellationToken = default)
    {
        var (hourly, daily) = Counters(canonicalEmail, familiar);
        // Per network, not per address: an IPv6 client could otherwise draw fresh addresses from its /64 at will.
        var client = limits.Counter(ClientAllowance.SignIn, clientAddress);
        var hour = await throttles.HitAsync([client, hourly], Hour, cancellationToken);
        if (hour.Refused.Contains(client.Scope))
        {
            throw new DomainException(ProblemCode.RateLimited, retryAfter: hour.RetryAfter);
        }

        var day = await throttles.HitAsync([daily], Day, cancellationToken);
        DateTimeOffset? lockEnds = day.Filled.Count > 0 ? day.WindowEnd : hour.Filled.Contains(hourly.Scope) ? hour.WindowEnd : null;
        return new SignInAttempt(canonicalEmail, clientAddress, familiar, Locked: hour.Refused.Contains(hourly.Scope) || !day.Allowed, lockEnds);
    }

    /// <summary>A failed attempt stays counted; when it was the one that filled a counter, the holder is told.</summary>
    public async Task FailedAsync(SignInAttempt attempt, Account? holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.LockEndsIfFailed is { } until)
        {
            await notices.NotifyLockedAsync(holder, time.GetUtcNow(), until, attempt.Familiar ? "familiar" : "unfamiliar", cancellationToken);
        }
    }

    /// <summary>
    /// The holder got in: the attempt was not a failure, so it is handed back, to the account's counters and to the
    /// client's (a crowd signing in from one address spends nothing; docs/security/shared-addresses.md).
    /// </summary>
    public async Task SucceededAsync(SignInAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var (hourly, daily) = Counters(attempt.CanonicalEmail, attempt.Familiar);
        // Independent give-backs: in flight together, one round trip to the cache instead of two.
        await Task.WhenAll(
            throttles.RefundAsync([hourly, limits.Counter(ClientAllowance.SignIn, attempt.ClientAddress)], Hour, cancellationToken: cancellationToken),
            throttles.RefundAsync([daily], Day, cancellationToken: cancellationToken));
    }

    /// <summary>When the latest lock on this address ends, for either familiarity; null when none holds.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string canonicalEmail, CancellationToken cancellationToken = default)
    {
        var (familiarHour, familiarDay) = Counters(canonicalEmail, familiar: true);
        var (strangerHour, strangerDay) = Counters(canonicalEmail, familiar: false);
        var hour = await throttles.CheckAsync([familiarHour, strangerHour], Hour, cancellationToken);
        var day = await throttles.CheckAsync([familiarDay, strangerDay], Day, cancellationToken);
        return !day.Allowed ? day.WindowEnd : !hour.Allowed ? hour.WindowEnd : null;
    }

    /// <summary>Lifts every lock on this address (an agent checked the holder's identity).</summary>
    public async Task ClearAsync(string canonicalEmail, CancellationToken cancellationToken = default)
    {
        var (familiarHour, familiarDay) = Counters(canonicalEmail, familiar: true);
        var (strangerHour, strangerDay) = Counters(canonicalEmail, familiar: false);
        await throttles.RefundAsync([familiarHour, strangerHour], Hour, int.MaxValue, cancellationToken);
        await throttles.RefundAsync([familiarDay, strangerDay], Day, int.MaxValue, cancellationToken);
    }

    private (ThrottleCounter Hourly, ThrottleCounter Daily) Counters(string canonicalEmail, bool familiar)
    {
        var scope = familiar ? "signin-familiar" : "signin-unfamiliar";
        return (new ThrottleCounter(scope + "-hour", canonicalEmail, options.Value.SignInFailuresBeforeLock),
                new ThrottleCounter(scope + "-day", canonicalEmail, options.Value.SignInFailuresPerDay));
    }
}

/// <summary>One counted sign-in attempt.</summary>
/// <param name="Locked">This address was already locked for clients of this familiarity: even the right password is refused.</param>
/// <param name="LockEndsIfFailed">When this attempt filled a counter: the end of the lock it starts if it fails.</param>
public sealed record SignInAttempt(string CanonicalEmail, string ClientAddress, bool Familiar, bool Locked, DateTimeOffset? LockEndsIfFailed);
