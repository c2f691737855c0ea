using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// The answer to the mailbox step: the next flow id, the stage it is at (<paramref name="Next"/>), the question (only at
/// the answer stage), the factors the holder may prove (only at the factor stage) and the tries left.
/// </summary>
public sealed record VerifiedFlow(string FlowId, RecoveryFlowStage Next, QuestionView? SecurityQuestion, IReadOnlyList<RecoveryFactor> Factors, DateTimeOffset ExpiresAt, int AttemptsLeft);
