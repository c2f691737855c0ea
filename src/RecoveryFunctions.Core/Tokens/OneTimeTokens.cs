using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Single use of emailed links (activation, email change): the first request marks the row used under its ETag, so of
/// any number of concurrent submissions exactly one wins; the others see <c>link-used</c>. Used rows stay
/// until they expire so a second click is told "used" rather than "invalid".
/// </summary>
public sealed class OneTimeTokens(RequestTokens tokens, TimeProvider time)
{
    public async Task<StoredToken> ConsumeAsync(string? token, TokenKind kind, CancellationToken cancellationToken = default)
    {
        var stored = await FindUsableAsync(token, kind, cancellationToken);
        await CloseAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>Finds a token that is neither used nor expired, without consuming it.</summary>
    public async Task<StoredToken> FindUsableAsync(string? token, TokenKind kind, CancellationToken cancellationToken = default)
    {
        var stored = string.IsNullOrEmpty(token) ? null : await tokens.FindAsync(token, kind, cancellationToken);
        if (stored is null)
        {
            throw new DomainException(ProblemCode.LinkInvalid);
        }

        EnsureUsable(stored, ProblemCode.LinkExpired);
        return stored;
    }

    /// <summary>Refuses a used row (<c>link-used</c>) or an expired one (<paramref name="expiredCode"/>, 410).</summary>
    private void EnsureUsable(StoredToken stored, ProblemCode expiredCode)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Record.UsedAt is not null)
        {
            throw new DomainException(ProblemCode.LinkUsed);
        }

        // Checked here, not left to cleanup: a row can outlive its expiry until the next cleanup run.
        if (stored.Record.ExpiresAt <= time.GetUtcNow())
        {
            throw new DomainException(expiredCode);
        }
    }

    /// <summary>Marks a row used under its ETag: of concurrent callers exactly one gets through.</summary>
    public async Task CloseAsync(StoredToken stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!await tokens.TryReplaceAsync(stored, stored.Record with { UsedAt = time.GetUtcNow() }, cancellationToken))
        {
            throw new DomainException(ProblemCode.LinkUsed);
        }
    }

    public static DomainException Revoked() => new(ProblemCode.LinkExpired);
}
