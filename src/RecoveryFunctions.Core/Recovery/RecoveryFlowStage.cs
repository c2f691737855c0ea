namespace RecoveryFunctions.Core.Recovery;

/// <summary>Where a forgotten-password flow stands. See RecoveryFlow.md for the diagram.</summary>
public enum RecoveryFlowStage
{
    /// <summary>Identified; waiting for the emailed link or code (the mailbox proof).</summary>
    Mailbox,

    /// <summary>Mailbox proven; waiting for the security answer.</summary>
    Answer,

    /// <summary>Answer right (or helpdesk link); waiting for the new password.</summary>
    Password,
}
