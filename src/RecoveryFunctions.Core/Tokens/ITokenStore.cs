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
}
