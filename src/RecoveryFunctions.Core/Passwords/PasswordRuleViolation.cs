namespace RecoveryFunctions.Core.Passwords;

/// <summary>One broken rule. <paramref name="Limit"/> carries the bound for length rules so messages can quote it.</summary>
public sealed record PasswordRuleViolation(string Code, int? Limit = null);
