using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Extending a time limit (RGAA 13.1): a live row's expiry moves by one lifetime, never past its
/// <see cref="TokenRecord.ExtendableUntil"/>. The write is ETag-guarded and a lost race re-reads and decides
/// again, so any number of concurrent extensions add up to the ceiling at most, each one counted once.
/// </summary>
public static class TokenExtension
{
    private const int MaxRaces = 50;

    /// <summary>One more <paramref name="lifetime"/> from <paramref name="expiresAt"/>, capped at <paramref name="ceiling"/>; null once there.</summary>
    public static DateTimeOffset? NextExpiry(DateTimeOffset expiresAt, DateTimeOffset ceiling, TimeSpan lifetime)
        => expiresAt >= ceiling ? null : expiresAt + lifetime < ceiling ? expiresAt + lifetime : ceiling;

    /// <param name="row">The row as first read; null when unknown.</param>
    /// <param name="require">Refuses a row that is gone, used or expired (the caller's own codes); called on every read.</param>
    /// <returns>The new expiry.</returns>
    public static async Task<DateTimeOffset> ExtendAsync(this ITokenStore tokens, StoredToken? row, TimeSpan lifetime, Func<StoredToken?, StoredToken> require, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(require);
        for (var race = 0; race < MaxRaces; race++)
        {
            var live = require(row);
            var extended = NextExpiry(live.Record.ExpiresAt, live.Record.LatestExpiry, lifetime)
                ?? throw new DomainException(ProblemCode.ExtensionLimitReached);
            if (await tokens.TryReplaceAsync(live, live.Record with { ExpiresAt = extended }, cancellationToken))
            {
                return extended;
            }

            row = await tokens.GetAsync(live.Address, cancellationToken);
        }

        throw new DomainException(ProblemCode.Conflict);
    }
}
