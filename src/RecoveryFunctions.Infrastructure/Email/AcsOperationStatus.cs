namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>Body of the 202 send response and of GET /emails/operations/{id}: NotStarted, Running, Succeeded, Failed or Canceled.</summary>
public sealed record AcsOperationStatus(string? Id, string? Status, AcsErrorDetail? Error);
