namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Rows of short-lived secrets (links, sessions, captchas), kept by address. The address and what the token looks
/// like are <see cref="TokenCodec"/>'s business; the store never sees a token in clear.
/// </summary>
public interface ITokenStore
{
    /// <summary>Insert; the address is fresh (an HMAC of 256 random bits), so it never conflicts.</summary>
    Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when no row is there.</summary>
    Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default);

    /// <summary>Replace under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default);

    /// <summary>Delete under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default);
}

/// <summary>Tokens by their clear text, through the codec: issue one, find the row of one.</summary>
public static class TokenStoreExtensions
{
    /// <summary>Stores a record under a fresh token and returns the token (the only clear copy).</summary>
    public static async Task<string> IssueAsync(this ITokenStore tokens, TokenCodec codec, TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(record);
        var issued = codec.Issue(record.LatestExpiry);
        await tokens.AddAsync(issued.Address, record, cancellationToken);
        return issued.Token;
    }

    /// <summary>Issues a token bound to an account: its subscriber number and the security stamp that can revoke it.</summary>
    /// <param name="account">The holder, or null for a token bound to nobody (same storage work, never usable).</param>
    /// <param name="extendableUntil">The ceiling a person may extend the token to (see <see cref="TokenExtension"/>); null: never extended.</param>
    public static Task<string> IssueForAsync(this ITokenStore tokens, TokenCodec codec, TokenKind kind, Accounts.Account? account, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? payload = null, DateTimeOffset? extendableUntil = null, CancellationToken cancellationToken = default)
    {
        if (extendableUntil < expiresAt)
        {
            throw new ArgumentOutOfRangeException(nameof(extendableUntil), "The extension ceiling cannot come before the first expiry.");
        }

        return tokens.IssueAsync(codec, new TokenRecord
        {
            Kind = kind,
            SubscriberNumber = account?.SubscriberNumber,
            SecurityStamp = account?.SecurityStamp ?? 0,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            ExtendableUntil = extendableUntil,
            Payload = payload,
        }, cancellationToken);
    }

    /// <summary>
    /// The row of a presented token of the given kind, under the current key then the previous one; null when the
    /// text is not shaped like a token (nothing is read), unknown, or of another kind.
    /// </summary>
    public static async Task<StoredToken?> FindAsync(this ITokenStore tokens, TokenCodec codec, string? token, TokenKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(codec);
        var row = await codec.FindFirstAsync(token, tokens.GetAsync, cancellationToken);
        return row?.Record.Kind == kind ? row : null;
    }
}
