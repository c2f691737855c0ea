using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>The answer to the mailbox step: the next flow id and the question (null for a helpdesk link).</summary>
public sealed record VerifiedFlow(string FlowId, QuestionView? SecurityQuestion, DateTimeOffset ExpiresAt, int AttemptsLeft);
