namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// What is stored under a token's HMAC. <see cref="SecurityStamp"/> is the account's stamp at issue:
/// a later credential change makes the token worthless without touching it.
/// <see cref="Payload"/> holds kind-specific data that is never secret in clear (hashes, ids).
/// </summary>
public sealed record TokenRecord
{
    public required TokenKind Kind { get; init; }
    public string? SubscriberNumber { get; init; }
    public long SecurityStamp { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
    public int Attempts { get; init; }
    public string? Payload { get; init; }
}
