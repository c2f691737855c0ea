using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>A mailbox-stage flow and the emailed link that points at it: the flow id for the page, the link token for the email.</summary>
public sealed record MailboxProof(string FlowId, TokenAddress FlowAddress, string LinkToken);
