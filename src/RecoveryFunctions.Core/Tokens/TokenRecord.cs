namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// What is stored under a token's HMAC. <see cref="SecurityStamp"/> is the account's stamp at issue:
/// a later credential change makes the token worthless without touching it.
/// <see cref="Payload"/> holds kind-specific data that is never secret in clear (hashes, ids).
/// <see cref="ExtendableUntil"/> is the ceiling a person may extend <see cref="ExpiresAt"/> to (sessions, recovery
/// flows); the row is stored in the expiry bucket of <see cref="LatestExpiry"/>, so cleanup never takes it early.
/// </summary>
public sealed record TokenRecord
{
    public required TokenKind Kind { get; init; }
    public string? SubscriberNumber { get; init; }
    public long SecurityStamp { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? ExtendableUntil { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
    public int Attempts { get; init; }
    public string? Payload { get; init; }

    /// <summary>The latest the row can ever be valid until: what its storage bucket is chosen by.</summary>
    public DateTimeOffset LatestExpiry => ExtendableUntil is { } ceiling && ceiling > ExpiresAt ? ceiling : ExpiresAt;
}
