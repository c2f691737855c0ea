namespace RecoveryFunctions.LocalHost.Email;

/// <summary>A send request the local endpoint accepted, after validation.</summary>
public sealed record LocalAcsEmailMessage(string Sender, IReadOnlyList<string> To, string Subject, string? PlainText, string? Html);
