namespace RecoveryFunctions.Core.Accounts;

/// <summary>An account with the storage version (ETag) it was read at, for check-then-act updates.</summary>
public sealed record VersionedAccount(Account Account, string Version);
