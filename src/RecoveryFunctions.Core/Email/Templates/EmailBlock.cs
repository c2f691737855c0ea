namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>One block of a template: its words (may hold <c>{Key}</c> placeholders) and, for some kinds, the key of the value it shows.</summary>
public sealed record EmailBlock(EmailBlockKind Kind, string Text, string? ValueKey = null);
