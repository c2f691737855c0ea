namespace RecoveryFunctions.DevServices.Email;

public enum LocalAcsFaultKind
{
    /// <summary>Answer <see cref="LocalAcsFault.StatusCode"/> (with Retry-After when set) instead of serving the request.</summary>
    Status,

    /// <summary>Accept the send, then drop the connection before the response: the client cannot know it was accepted.</summary>
    LoseResponse,

    /// <summary>Keep the send in progress for <see cref="LocalAcsFault.Duration"/> before answering (a repeat meanwhile gets 409).</summary>
    Hold,

    /// <summary>Accept the send; the operation then ends Failed and nothing is delivered.</summary>
    FailDelivery,
}

/// <summary>A planned failure of the next request of one kind (send or status read).</summary>
public sealed record LocalAcsFault(int StatusCode, TimeSpan? RetryAfter = null)
{
    public LocalAcsFaultKind Kind { get; init; } = LocalAcsFaultKind.Status;

    public TimeSpan Duration { get; init; }

    public static LocalAcsFault LoseResponse() => new(202) { Kind = LocalAcsFaultKind.LoseResponse };

    public static LocalAcsFault Hold(TimeSpan duration) => new(202) { Kind = LocalAcsFaultKind.Hold, Duration = duration };

    public static LocalAcsFault FailDelivery() => new(202) { Kind = LocalAcsFaultKind.FailDelivery };
}
