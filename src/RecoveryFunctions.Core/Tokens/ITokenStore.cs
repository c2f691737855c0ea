namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Rows of short-lived secrets (links, sessions, captchas), kept by address. The address and what the token looks
/// like are <see cref="TokenCodec"/>'s business; the store never sees a token in clear.
/// </summary>
public interface ITokenStore
{
    /// <summary>Insert; the address is fresh (an HMAC of 256 random bits), so it never conflicts.</summary>
    Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Insert at an address that is not fresh (a marker keyed by what it marks); false when a row is already there (409):
    /// of parallel inserts at one address exactly one succeeds.
    /// </summary>
    Task<bool> TryAddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when no row is there.</summary>
    Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default);

    /// <summary>Replace under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default);

    /// <summary>Delete under the read version; false if someone else wrote or deleted first.</summary>
    Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default);
}
