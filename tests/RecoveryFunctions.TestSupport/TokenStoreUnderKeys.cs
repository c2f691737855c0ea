using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The token port under an explicit key ring: contract suites issue and find tokens under rings they rotate between
/// calls, which a request's own keys (<see cref="RequestTokens"/> over the scope's provider) would not let them choose.
/// </summary>
public static class TokenStoreUnderKeys
{
    public static Task<string> IssueAsync(this ITokenStore store, TokenCodec codec, TokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new RequestTokens(store, new FixedTokenKeys(codec.Ring)).IssueAsync(record);
    }

    public static Task<StoredToken?> FindAsync(this ITokenStore store, TokenCodec codec, string? token, TokenKind kind)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new RequestTokens(store, new FixedTokenKeys(codec.Ring)).FindAsync(token, kind);
    }
}
