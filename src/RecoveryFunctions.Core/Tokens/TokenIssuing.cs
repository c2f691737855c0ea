using RecoveryFunctions.Core.Accounts;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>Issuing a token bound to an account: its subscriber number and the security stamp that can revoke it.</summary>
public static class TokenIssuing
{
    /// <param name="account">The holder, or null for a token bound to nobody (same storage work, never usable).</param>
    /// <param name="extendableUntil">The ceiling a person may extend the token to (see <see cref="TokenExtension"/>); null: never extended.</param>
    public static Task<string> IssueForAsync(this ITokenStore tokens, TokenKind kind, Account? account, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? payload = null, DateTimeOffset? extendableUntil = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (extendableUntil < expiresAt)
        {
            throw new ArgumentOutOfRangeException(nameof(extendableUntil), "The extension ceiling cannot come before the first expiry.");
        }

        return tokens.IssueAsync(new TokenRecord
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
}
