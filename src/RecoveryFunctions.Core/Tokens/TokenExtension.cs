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
            var ceiling = live.Record.LatestExpiry;
            if (live.Record.ExpiresAt >= ceiling)
            {
                throw new DomainException(ProblemCode.ExtensionLimitReached);
            }

            var extended = live.Record.ExpiresAt + lifetime < ceiling ? live.Record.ExpiresAt + lifetime : ceiling;
            if (await tokens.TryReplaceAsync(live, live.Record with { ExpiresAt = extended }, cancellationToken))
            {
                return extended;
            }

            row = await tokens.GetAsync(live.Address, live.Record.Kind, cancellationToken);
        }

        throw new DomainException(ProblemCode.Conflict);
    }

    /// <summary>
    /// Whether a row re-read after a lost ETag race differs from the one a step checked only by an extension: the step's
    /// decision still holds and it may write again on the fresh version (any other change means someone else acted).
    /// </summary>
    public static bool OnlyExtended(TokenRecord read, TokenRecord fresh)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(fresh);
        return fresh.ExpiresAt >= read.ExpiresAt && fresh with { ExpiresAt = read.ExpiresAt } == read;
    }

    /// <summary>
    /// Writes <paramref name="change"/> of the row under its ETag; when the write loses only to an extension, writes it
    /// again on the fresh version.
    /// </summary>
    /// <returns>The record written, or null when someone else changed the row otherwise, or deleted it.</returns>
    public static async Task<TokenRecord?> TryReplaceDespiteExtensionsAsync(this ITokenStore tokens, StoredToken row, Func<TokenRecord, TokenRecord> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(change);
        for (var race = 0; race < MaxRaces; race++)
        {
            var changed = change(row.Record);
            if (await tokens.TryReplaceAsync(row, changed, cancellationToken))
            {
                return changed;
            }

            var fresh = await tokens.GetAsync(row.Address, row.Record.Kind, cancellationToken);
            if (fresh is null || !OnlyExtended(row.Record, fresh.Record))
            {
                return null;
            }

            row = fresh;
        }

        return null;
    }
}
