namespace RecoveryFunctions.Core.Accounts;

/// <summary>
/// A holder's account as stored. <see cref="SecurityStamp"/> changes whenever credentials change;
/// every session and emailed token records the stamp it was issued under, so bumping it revokes them
/// all with one write.
/// </summary>
public sealed record Account
{
    public required string SubscriberNumber { get; init; }
    public required string Email { get; init; }
    public required AccountStatus Status { get; init; }
    public required string PasswordHash { get; init; }
    public required int SecurityQuestionId { get; init; }
    public required string SecurityAnswerHash { get; init; }
    public string? Phone { get; init; }
    public required string Language { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public DateTimeOffset? PasswordChangedAt { get; init; }
    public IReadOnlyList<string> PasswordHistory { get; init; } = [];
    public required long SecurityStamp { get; init; }
    public int FailedSignIns { get; init; }
    public int SignInLockCount { get; init; }
    public DateTimeOffset? SignInLockedUntil { get; init; }

    /// <summary>Client addresses this account signed in from (keyed hashes, newest first): its familiar clients.</summary>
    public IReadOnlyList<FamiliarClient> FamiliarClients { get; init; } = [];
    /// <summary>Keyed 40-bit fingerprints of the password and the answer (<see cref="SecretFingerprints"/>); null on accounts not seen since they were introduced.</summary>
    public string? PasswordFingerprint { get; init; }
    public string? AnswerFingerprint { get; init; }
    public int WrongAnswers { get; init; }
    public DateTimeOffset? WrongAnswersWindowStart { get; init; }
    public DateTimeOffset? RecoveryLockedUntil { get; init; }
}

/// <summary>A client address the holder signed in from, as an HMAC bound to the account, and when it was last seen.</summary>
public sealed record FamiliarClient(string Key, DateTimeOffset LastSignIn);
