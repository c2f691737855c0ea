namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>The wording of one template in one language. The subject may hold <c>{Key}</c> placeholders.</summary>
public sealed record EmailTemplateDefinition(string Subject, string Heading, IReadOnlyList<EmailBlock> Blocks);
