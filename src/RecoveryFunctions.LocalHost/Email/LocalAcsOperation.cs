namespace RecoveryFunctions.LocalHost.Email;

/// <summary>One accepted send operation and the .eml file it produced.</summary>
public sealed record LocalAcsOperation(string Id, string FileName);
