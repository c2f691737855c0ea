namespace RecoveryFunctions.Core.Cleanup;

/// <summary>
/// A to-do row written before a pending account is created, filed under its expiry. It keeps the
/// canonical email so a run interrupted after deleting the account can still release the address.
/// </summary>
public sealed record PendingAccountMarker(string SubscriberNumber, string Email, DateTimeOffset ExpiresAt);
