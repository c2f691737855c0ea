namespace RecoveryFunctions.Core.Tokens;

/// <summary>Short-lived secrets (links, codes, sessions, flows, captchas), stored only as HMACs.</summary>
public interface ITokenStore
{
    /// <summary>Creates a fresh random token, stores its record, and returns the token (the only clear copy).</summary>
    Task<string> IssueAsync(TokenRecord record, CancellationToken cancellationToken = default);

    /// <summary>Point read of a token of the given kind; null when unknown, malformed or of another kind.</summary>
    Task<StoredToken?> FindAsync(string token, TokenKind kind, CancellationToken cancellationToken = default);

    /// <summary>Replace under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default);

    /// <summary>Delete under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default);

    /// <summary>Where a token's row is (no storage call): lets one row point at another by address.</summary>
    Task<TokenAddress?> AddressOfAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Point read by address, for rows that point at each other (a link at its flow).</summary>
    Task<StoredToken?> GetAsync(TokenAddress address, TokenKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes (insert or replace) a named marker in the bucket of <paramref name="expiresAt"/>. The name is
    /// stored only as an HMAC. Markers let a newer request supersede older ones without touching the account.
    /// </summary>
    Task PutMarkerAsync(string name, DateTimeOffset expiresAt, string value, CancellationToken cancellationToken = default);

    /// <summary>The value of a named marker in one expiry bucket, or null.</summary>
    Task<string?> GetMarkerAsync(string name, long bucket, CancellationToken cancellationToken = default);
}
