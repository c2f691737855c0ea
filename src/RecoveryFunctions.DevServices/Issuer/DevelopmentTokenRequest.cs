namespace RecoveryFunctions.DevServices.Issuer;

/// <summary>Body of <c>POST /dev-issuer/token</c>: the agent's display name and, optionally, the app roles (default: the assistance role).</summary>
public sealed record DevelopmentTokenRequest(string? Name, string[]? Roles);
