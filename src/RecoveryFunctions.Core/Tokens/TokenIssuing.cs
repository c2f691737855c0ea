using RecoveryFunctions.Core.Accounts;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>Issuing a token bound to an account: its subscriber number and the security stamp that can revoke it.</summary>
public static class TokenIssuing
{
    /// <param name="account">The holder, or null for a token bound to nobody (same storage work, never usable).</param>
    public static Task<string> IssueForAsync(this ITokenStore tokens, TokenKind kind, Account? account, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.IssueAsync(new TokenRecord
        {
            Kind = kind,
            SubscriberNumber = account?.SubscriberNumber,
            SecurityStamp = account?.SecurityStamp ?? 0,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            Payload = payload,
        }, cancellationToken);
    }
}
