namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// The token store as one request sees it: tokens by their clear text through the request's codec
/// (<see cref="ITokenKeyProvider"/>), so no caller carries a codec. Issue one, find the row of one; the address-based
/// writes pass straight through to the store, which never sees a token in clear.
/// </summary>
public sealed class RequestTokens(ITokenStore store, ITokenKeyProvider keys) : ITokenStore
{
    /// <summary>Stores a record under a fresh token and returns the token (the only clear copy).</summary>
    public async Task<string> IssueAsync(TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var issued = (await keys.GetCodecAsync(cancellationToken)).Issue(record.LatestExpiry);
        await store.AddAsync(issued.Address, record, cancellationToken);
        return issued.Token;
    }

    /// <summary>Issues a token bound to an account: its subscriber number and the security stamp that can revoke it.</summary>
    /// <param name="account">The holder, or null for a token bound to nobody (same storage work, never usable).</param>
    /// <param name="extendableUntil">The ceiling a person may extend the token to (see <see cref="TokenExtension"/>); null: never extended.</param>
    public Task<string> IssueForAsync(TokenKind kind, Accounts.Account? account, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? payload = null, DateTimeOffset? extendableUntil = null, CancellationToken cancellationToken = default)
    {
        if (extendableUntil < expiresAt)
        {
            throw new ArgumentOutOfRangeException(nameof(extendableUntil), "The extension ceiling cannot come before the first expiry.");
        }

        return IssueAsync(new TokenRecord
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
    public async Task<StoredToken?> FindAsync(string? token, TokenKind kind, CancellationToken cancellationToken = default)
    {
        var row = await (await keys.GetCodecAsync(cancellationToken)).FindFirstAsync(token, store.GetAsync, cancellationToken);
        return row?.Record.Kind == kind ? row : null;
    }

    public Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
        => store.AddAsync(address, record, cancellationToken);

    public Task<bool> TryAddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
        => store.TryAddAsync(address, record, cancellationToken);

    public Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => store.GetAsync(address, cancellationToken);

    public Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default)
        => store.TryReplaceAsync(token, updated, cancellationToken);

    public Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default)
        => store.TryDeleteAsync(token, cancellationToken);
}
